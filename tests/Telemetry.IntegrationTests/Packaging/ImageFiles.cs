using System.Formats.Tar;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// The file system of an image, read from <c>export</c> of a container created from it (never started, so an
/// image for another CPU can be inspected too). Paths are absolute; symbolic links are followed on read.
/// </summary>
internal sealed class ImageFiles
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]?> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnixFileMode> _modes = new(StringComparer.Ordinal);

    private ImageFiles()
    {
    }

    /// <summary>Exports <paramref name="image"/>, keeping the content of the files <paramref name="keepContent"/> selects.</summary>
    public static async Task<ImageFiles> ExportAsync(ContainerCli cli, string image, Func<string, bool> keepContent)
    {
        var name = "thane-telemetry-export-" + Guid.NewGuid().ToString("N")[..8];
        var archive = Path.Combine(Path.GetTempPath(), name + ".tar");
        try
        {
            await cli.RunAsync(Bound, "create", "--name", name, image);
            await cli.RunAsync(Bound, "export", "--output", archive, name);
            var files = new ImageFiles();
            await using var stream = File.OpenRead(archive);
            await using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                var path = "/" + entry.Name.TrimStart('.', '/').TrimEnd('/');
                if (entry.EntryType is TarEntryType.SymbolicLink)
                {
                    files._links[path] = entry.LinkName;
                }
                else if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    byte[]? content = null;
                    if (keepContent(path) && entry.DataStream is { } data)
                    {
                        using var buffer = new MemoryStream();
                        await data.CopyToAsync(buffer);
                        content = buffer.ToArray();
                    }

                    files._files[path] = content;
                    files._modes[path] = entry.Mode;
                }
            }

            return files;
        }
        finally
        {
            await cli.TryRunAsync(Bound, "rm", "--force", name);
            File.Delete(archive);
        }
    }

    /// <summary>Every regular file in the image (not the symbolic links to them).</summary>
    public IReadOnlyCollection<string> Files => _files.Keys;

    /// <summary>Whether <paramref name="path"/> is a regular file, possibly through symbolic links.</summary>
    public bool Exists(string path) => Resolve(path) is { } file && _files.ContainsKey(file);

    /// <summary>The content of a file that was kept, following symbolic links.</summary>
    public byte[] Read(string path) =>
        Resolve(path) is { } file && _files.TryGetValue(file, out var content) && content is not null
            ? content
            : throw new FileNotFoundException($"{path} is not in the image, or its content was not kept", path);

    /// <summary>The permission bits of a regular file, following symbolic links.</summary>
    public UnixFileMode ModeOf(string path) =>
        Resolve(path) is { } file && _modes.TryGetValue(file, out var mode)
            ? mode
            : throw new FileNotFoundException($"{path} is not in the image", path);

    // Links in Debian's packages are relative (ld-linux-aarch64.so.1 -> aarch64-linux-gnu/ld-linux-aarch64.so.1)
    // or absolute; both are taken inside the image. Parent directories that are links (/lib64) are followed too.
    private string? Resolve(string path)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var resolved = "";
            var changed = false;
            for (var i = 0; i < parts.Length; i++)
            {
                var candidate = resolved + "/" + parts[i];
                if (_links.TryGetValue(candidate, out var target))
                {
                    var rest = string.Join('/', parts[(i + 1)..]);
                    var absolute = target.StartsWith('/') ? target : resolved + "/" + target;
                    path = Normalize(rest.Length == 0 ? absolute : absolute + "/" + rest);
                    changed = true;
                    break;
                }

                resolved = candidate;
            }

            if (!changed)
            {
                return resolved;
            }
        }

        return null;
    }

    private static string Normalize(string path)
    {
        var stack = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
            }
            else if (part != ".")
            {
                stack.Add(part);
            }
        }

        return "/" + string.Join('/', stack);
    }
}
