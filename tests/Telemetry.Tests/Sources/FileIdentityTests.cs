using Telemetry.Sources;

namespace Telemetry.Tests.Sources;

public sealed class FileIdentityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("thane-identity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Of_SameFileUntouched_IsTheSame()
    {
        // Given
        var path = Path.Combine(_folder, "a.db");
        File.WriteAllText(path, "first");

        // When
        var first = FileIdentity.Of(path);
        var second = FileIdentity.Of(path);

        // Then
        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Of_FileWrittenOverInPlace_KeepsItsInodeButNotItsIdentity()
    {
        // Given a file, and a modification time that a copy over it cannot keep
        var path = Path.Combine(_folder, "a.db");
        File.WriteAllText(path, "first");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = FileIdentity.Of(path)!.Value;

        // When a backup is copied over it (same inode)
        File.WriteAllText(path, "restored");

        // Then
        var after = FileIdentity.Of(path)!.Value;
        Assert.Equal(before.Inode, after.Inode);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Of_FileReplacedUnderTheSameName_IsAnotherFile()
    {
        // Given a file, kept open as a reader would keep it (so its inode cannot be reused)
        var path = Path.Combine(_folder, "a.db");
        File.WriteAllText(path, "old");
        using var held = File.OpenRead(path);
        var before = FileIdentity.Of(path);

        // When another file takes its name
        var replacement = Path.Combine(_folder, "b.db");
        File.WriteAllText(replacement, "new");
        File.Move(replacement, path, overwrite: true);

        // Then
        Assert.NotEqual(before, FileIdentity.Of(path));
    }

    [Fact]
    public void Of_MissingFile_IsNull()
    {
        Assert.Null(FileIdentity.Of(Path.Combine(_folder, "absent.db")));
    }
}
