using Telemetry.Sources;

namespace Telemetry.Tests.Sources;

public sealed class FilesStampTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("thane-stamp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Database => Path.Combine(_folder, "thane.db");

    [Fact]
    public void IsUnchangedSince_FilesUntouchedSinceLongBefore_IsTrue()
    {
        // Given a database and its WAL last written long ago
        Write(Database, "main", LongAgo);
        Write(Database + "-wal", "wal", LongAgo);
        var first = FilesStamp.Take(Database);

        // When
        var second = FilesStamp.Take(Database);

        // Then
        Assert.True(second.IsUnchangedSince(first));
    }

    [Fact]
    public void IsUnchangedSince_FilesWrittenJustBeforeTheFirstLook_IsFalseUntilTheyAreOlder()
    {
        // Given a WAL written a moment ago: a write in the same clock tick could leave the same time and size
        Write(Database, "main", LongAgo);
        File.WriteAllText(Database + "-wal", "wal");
        var first = FilesStamp.Take(Database);

        // When
        var second = FilesStamp.Take(Database);

        // Then
        Assert.False(second.IsUnchangedSince(first));
    }

    [Theory]
    [InlineData("main written", "thane.db")]
    [InlineData("WAL written", "thane.db-wal")]
    public void IsUnchangedSince_AFileWrittenSince_IsFalse(string _, string written)
    {
        // Given settled files
        Write(Database, "main", LongAgo);
        Write(Database + "-wal", "wal", LongAgo);
        var first = FilesStamp.Take(Database);

        // When one is written (its size unchanged)
        Write(Path.Combine(_folder, written), written.EndsWith("wal", StringComparison.Ordinal) ? "WAL" : "MAIN", LongAgo.AddSeconds(1));

        // Then
        Assert.False(FilesStamp.Take(Database).IsUnchangedSince(first));
    }

    [Fact]
    public void IsUnchangedSince_WalAppearedOrWentAway_IsFalse()
    {
        // Given a database without a WAL (the agent stopped cleanly)
        Write(Database, "main", LongAgo);
        var without = FilesStamp.Take(Database);

        // When the agent starts and writes one
        Write(Database + "-wal", "wal", LongAgo);
        var with = FilesStamp.Take(Database);

        // Then both ways count as a change
        Assert.False(with.IsUnchangedSince(without));
        File.Delete(Database + "-wal");
        Assert.False(FilesStamp.Take(Database).IsUnchangedSince(with));
    }

    [Fact]
    public void IsUnchangedSince_AnotherFileOrNoEarlierLook_IsFalse()
    {
        // Given two settled databases
        var other = Path.Combine(_folder, "usage.db");
        Write(Database, "main", LongAgo);
        Write(other, "main", LongAgo);

        // When / Then
        Assert.False(FilesStamp.Take(other).IsUnchangedSince(FilesStamp.Take(Database)));
        Assert.False(FilesStamp.Take(Database).IsUnchangedSince(null));
    }

    [Fact]
    public void IsUnchangedSince_FileReplacedWithSameSizeAndTime_IsFalse()
    {
        // Given a settled database, kept open so that its inode is not handed out again
        Write(Database, "main", LongAgo);
        using var held = File.OpenRead(Database);
        var first = FilesStamp.Take(Database);

        // When a restored copy with the same size and time takes its name
        var restored = Path.Combine(_folder, "restored.db");
        Write(restored, "MAIN", LongAgo);
        File.Move(restored, Database, overwrite: true);

        // Then
        Assert.False(FilesStamp.Take(Database).IsUnchangedSince(first));
    }

    private static void Write(string path, string text, DateTime modified)
    {
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, modified);
    }
}
