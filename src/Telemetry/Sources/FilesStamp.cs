namespace Telemetry.Sources;

/// <summary>How a source's database files looked just before a read, to tell on the next cycle that nobody wrote them since.</summary>
/// <remarks>
/// <para>
/// Every write the agent makes reaches a file through <c>write(2)</c>, which moves its modification time: a commit
/// appends to the <c>-wal</c> (or, without WAL, writes the main file), a checkpoint writes the main file, a WAL
/// started again from its beginning is written over. So when the main file and its <c>-wal</c> have the same
/// <see cref="FileIdentity"/> (inode, size, modification time) as before the last read, the rows are the ones read
/// then, and a steady cycle of an idle agent needs no connection at all (opening one was most of such a cycle's cost,
/// BENCHMARKS.md §6).
/// </para>
/// <para>
/// The kernel stamps files from a coarse clock (a scheduler tick; whole seconds on some file systems), so two writes
/// close together can leave the same time. As <c>git</c> does with racily clean files, a file is trusted as unchanged
/// only if its time was already <see cref="Settle"/> older than the moment it was looked at; a file written just
/// before a read is read again the next cycle. A file stamped in this process's future is never trusted.
/// </para>
/// </remarks>
internal sealed class FilesStamp
{
    /// <summary>How much older than the look a file's time must be to be trusted: above any file system's granularity (FAT: 2 s).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    private readonly string[] _paths;
    private readonly FileIdentity?[] _identities;
    private readonly DateTimeOffset _lookedAt;

    private FilesStamp(string[] paths, FileIdentity?[] identities, DateTimeOffset lookedAt)
    {
        _paths = paths;
        _identities = identities;
        _lookedAt = lookedAt;
    }

    /// <summary>Looks at each database and its <c>-wal</c> now; missing files are part of the stamp.</summary>
    /// <remarks>The time is the system clock's, as the kernel's file times are, not the collector's injected one.</remarks>
    public static FilesStamp Take(params string[] databases)
    {
        var lookedAt = TimeProvider.System.GetUtcNow();
        var paths = databases.SelectMany(d => new[] { d, d + "-wal" }).ToArray();
        return new FilesStamp(paths, Array.ConvertAll(paths, FileIdentity.Of), lookedAt);
    }

    /// <summary>Whether the files are the ones <paramref name="earlier"/> saw, untouched, and settled when it looked.</summary>
    public bool IsUnchangedSince(FilesStamp? earlier) =>
        earlier is not null
        && _paths.AsSpan().SequenceEqual(earlier._paths)
        && _identities.AsSpan().SequenceEqual(earlier._identities)
        && earlier._identities.All(identity => identity is not { } file || file.ModifiedUtc < earlier._lookedAt - Settle);
}
