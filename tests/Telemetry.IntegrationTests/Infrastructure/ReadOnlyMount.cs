using System.Diagnostics;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>A read-only bind mount of a folder, as the Supervisor mounts <c>share</c> into an add-on (needs root, as CI has).</summary>
internal sealed class ReadOnlyMount : IDisposable
{
    private ReadOnlyMount(string path) => Path = path;

    public string Path { get; }

    public static ReadOnlyMount Of(string source)
    {
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "thane-ro-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        Run("mount", "--bind", source, target);
        try
        {
            Run("mount", "-o", "remount,ro,bind", target);
        }
        catch
        {
            Run("umount", target);
            throw;
        }

        return new ReadOnlyMount(target);
    }

    public void Dispose()
    {
        // Lazy: the add-on's last read may still be closing its files.
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error} — the read-only mount tests need root.");
        }
    }
}
