using System.Diagnostics;
using System.Text;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// The docker command line of the engine that builds and runs the add-on's image, as the Supervisor's is Docker. Every
/// call is bounded and keeps what the command printed, so a failure shows why.
/// </summary>
/// <remarks>
/// Under tests/run.sh on machines without an engine, <see cref="HostVariable"/> names the dockerd that
/// tests/containers/images/addon-image-builder.sh started and <see cref="ExecutableVariable"/> Debian's docker CLI;
/// DOCKER_HOST stays podman's, for Testcontainers. Unset, the CLI on the PATH talks to the engine DOCKER_HOST names.
/// </remarks>
internal sealed class ContainerCli
{
    public const string HostVariable = "TELEMETRY_TEST_DOCKER_HOST";
    public const string ExecutableVariable = "TELEMETRY_TEST_DOCKER";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private readonly string? _host;
    private readonly Lazy<Task<bool>> _hasBuildx;

    private ContainerCli(string executable, string? host)
    {
        Executable = executable;
        _host = host;
        _hasBuildx = new(async () => (await TryRunAsync(ProbeTimeout, "buildx", "version")).ExitCode == 0);
    }

    public static ContainerCli Default { get; } = new(
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } executable ? executable : "docker",
        Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } host ? host : null);

    public string Executable { get; }

    /// <summary>
    /// Whether the CLI has the buildx plugin, which the Supervisor's command calls. Without it (Debian 12's docker.io
    /// 20.10), <c>docker build</c> with DOCKER_BUILDKIT=1 sends the same build to the same engine's BuildKit.
    /// </summary>
    public Task<bool> HasBuildxAsync() => _hasBuildx.Value;

    /// <summary>Runs the CLI; throws with its output if it fails or outlives <paramref name="timeout"/>.</summary>
    public Task<string> RunAsync(TimeSpan timeout, params string[] arguments) => RunInAsync(null, timeout, arguments);

    /// <summary>As <see cref="RunAsync"/>, in <paramref name="workingDirectory"/> (the current one when null).</summary>
    public async Task<string> RunInAsync(string? workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var result = await TryRunInAsync(workingDirectory, timeout, arguments);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"{Describe(arguments)} exited with {result.ExitCode}:\n{Tail(result.Output + result.Errors)}");
    }

    /// <summary>Runs the CLI and returns its exit code and output, whatever the exit code; throws only on timeout.</summary>
    public Task<CliResult> TryRunAsync(TimeSpan timeout, params string[] arguments) => TryRunInAsync(null, timeout, arguments);

    private async Task<CliResult> TryRunInAsync(string? workingDirectory, TimeSpan timeout, string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        if (_host is not null)
        {
            start.Environment["DOCKER_HOST"] = _host;
        }

        // The classic client of Docker 20.10 uses BuildKit only when asked; buildx always does.
        start.Environment["DOCKER_BUILDKIT"] = "1";
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
}
