using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Telemetry.Tests.Packaging;

/// <summary>The repository's own files, found from the test output by walking up to <c>Telemetry.sln</c>.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>The first document of a YAML file, which must be a mapping.</summary>
    public static YamlMappingNode ReadYaml(string relativePath) => ParseYaml(File.ReadAllText(PathOf(relativePath)));

    public static YamlMappingNode ParseYaml(string text)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(text);
        yaml.Load(reader);
        return yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InvalidDataException("expected a YAML mapping at the top");
    }

    /// <summary>
    /// Every file of the work tree that git knows or would add (tracked, plus untracked files that are not ignored),
    /// relative to the root with '/' separators. Without git (a source archive), every file on disk.
    /// </summary>
    public static IReadOnlyList<string> TreeFiles()
    {
        if (GitFiles() is { } files)
        {
            return files;
        }

        return [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))];
    }

    private static string[]? GitFiles()
    {
        if (!Directory.Exists(PathOf(".git")) && !File.Exists(PathOf(".git")))
        {
            return null;
        }

        var start = new ProcessStartInfo("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var git = Process.Start(start)!;
            var stderr = git.StandardError.ReadToEndAsync();
            var output = git.StandardOutput.ReadToEnd();
            if (!git.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                git.Kill();
                throw new TimeoutException("git ls-files did not finish within 30 s");
            }

            return git.ExitCode == 0
                ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                : throw new InvalidOperationException($"git ls-files failed: {stderr.Result}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine.
            return null;
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Telemetry.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Telemetry.sln not found above " + AppContext.BaseDirectory);
    }
}
