using System.Diagnostics;
using System.Text;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// The container engine's command line: podman, or docker where podman is not installed. Every call is bounded
/// and keeps what the command printed, so a failure shows why.
/// </summary>
/// <remarks>
/// Under tests/run.sh podman is configured through CONTAINERS_CONF and CONTAINERS_STORAGE_CONF, which this process
/// inherits, so the CLI sees the same images as the engine the other tests use.
/// </remarks>
internal sealed class ContainerCli
{
    private ContainerCli(string executable) => Executable = executable;

    /// <summary>podman if it is on the PATH, else docker.</summary>
    public static ContainerCli Default { get; } = new(FindOnPath("podman") ?? FindOnPath("docker") ?? "podman");

    public string Executable { get; }

    public bool IsPodman => Path.GetFileName(Executable) == "podman";

    /// <summary>Runs the CLI; throws with its output if it fails or outlives <paramref name="timeout"/>.</summary>
    public async Task<string> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var result = await TryRunAsync(timeout, arguments);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"{Describe(arguments)} exited with {result.ExitCode}:\n{Tail(result.Output + result.Errors)}");
    }

    /// <summary>Runs the CLI and returns its exit code and output, whatever the exit code; throws only on timeout.</summary>
    public async Task<CliResult> TryRunAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{Describe(arguments)} did not finish within {timeout}:\n{Tail(Text(output) + Text(errors))}");
        }

        // The exit can be seen before the last asynchronous line; this waits for the end of both streams.
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, Text(output), Text(errors));
    }

    private string Describe(string[] arguments) => $"{Path.GetFileName(Executable)} {string.Join(' ', arguments.Take(3))}";

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is not null)
        {
            lock (buffer)
            {
                buffer.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    // A build prints hundreds of lines; the reason for a failure is at the end.
    private static string Tail(string text) => text.Length <= 6000 ? text : "...\n" + text[^6000..];

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
