using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Telemetry.Sources.Tables;

/// <summary>
/// The windows of followed tables, written into the add-on's state folder at a stop and read back once at the next
/// start, so that a restart (an update, a reboot) reads only what the agent wrote meanwhile instead of a whole day.
/// </summary>
/// <remarks>
/// <para>
/// A kept window is a start, never a truth: each file carries a format version and a SHA-256 of its content, and the
/// reader checks it against the database as it checks its own state between two cycles (the same file, not shrunk,
/// the row last read unchanged, the clock not gone back) and audits it at the first read. Anything that does not
/// match is thrown away and the table read in full, as without it. A file is removed once read, so it serves only the
/// start that follows the stop that wrote it; a crash or a power cut leaves none, and the next start reads in full.
/// </para>
/// <para>Nothing is kept for a single cycle (<c>--once</c>): <paramref name="directory"/> is null then.</para>
/// </remarks>
internal sealed class KeptWindows(string? directory, ILogger<KeptWindows> logger)
{
    // 2: the file's path before its identity, for tables that may be in either of two files (usage).
    private const int FormatVersion = 2;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("thane-telemetry kept window\n");

    private readonly List<(string FileName, Func<BinaryWriter, bool> Keep)> _tables = [];

    /// <summary>Names a table's file and how to write it; <paramref name="keep"/> returns false when there is nothing to keep.</summary>
    public void Register(string fileName, Func<BinaryWriter, bool> keep)
    {
        lock (_tables)
        {
            _tables.Add((fileName, keep));
        }
    }

    /// <summary>Writes every registered table's window, each atomically; called at the stop, after the last cycle.</summary>
    public void SaveAll()
    {
        if (directory is null)
        {
            return;
        }

        lock (_tables)
        {
            foreach (var (fileName, keep) in _tables)
            {
                Save(Path.Combine(directory, fileName), keep);
            }
        }
    }

    /// <summary>The content kept in <paramref name="fileName"/>, checked, and the file removed; null when there is none or it does not check out.</summary>
    public BinaryReader? Take(string fileName)
    {
        if (directory is null)
        {
            return null;
        }

        var path = Path.Combine(directory, fileName);
        byte[] file;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            file = File.ReadAllBytes(path);
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Unusable(fileName, ex.Message);
            return null;
        }

        var header = Magic.Length + sizeof(int) + SHA256.HashSizeInBytes;
        if (file.Length < header || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic) || BitConverter.ToInt32(file, Magic.Length) != FormatVersion)
        {
            Unusable(fileName, "not a kept window of this version");
            return null;
        }

        var content = file.AsMemory(header);
        if (!SHA256.HashData(content.Span).AsSpan().SequenceEqual(file.AsSpan(header - SHA256.HashSizeInBytes, SHA256.HashSizeInBytes)))
        {
            Unusable(fileName, "its checksum does not match (cut short or damaged)");
            return null;
        }

        return new BinaryReader(new MemoryStream(file, header, file.Length - header, writable: false), Encoding.UTF8);
    }

    /// <summary>Says that a kept window could not be used after all (it did not match the database).</summary>
    public void Unusable(string fileName, string reason) => Log.KeptWindowUnusable(logger, fileName, reason);

    /// <summary>Says that a table's window was taken back.</summary>
    public void Restored(string table, long held) => Log.KeptWindowRestored(logger, table, held);

    private void Save(string path, Func<BinaryWriter, bool> keep)
    {
        try
        {
            using var content = new MemoryStream();
            using (var writer = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true))
            {
                if (!keep(writer))
                {
                    return;
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
            var temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                file.Write(Magic);
                file.Write(BitConverter.GetBytes(FormatVersion));
                file.Write(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
                file.Write(content.GetBuffer().AsSpan(0, (int)content.Length));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            Log.KeptWindowSaved(logger, path, content.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.KeptWindowNotSaved(logger, path, ex.Message);
        }
    }
}
