using System.Diagnostics;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>The add-on as its own process (<c>dotnet thane-telemetry.dll --options FILE</c>), to test signals, kills and exit codes.</summary>
internal sealed class AddonProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AddonProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public int ProcessId => _process.Id;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    public static AddonProcess Start(string optionsFile, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AddonExecutable.DllPath);
        start.ArgumentList.Add("--options");
        start.ArgumentList.Add(optionsFile);
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SUPERVISOR_TOKEN");
        var process = new Process { StartInfo = start };
        var addon = new AddonProcess(process);
        process.OutputDataReceived += (_, e) => addon.Record(e.Data);
        process.ErrorDataReceived += (_, e) => addon.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return addon;
    }

    /// <summary>What <c>docker stop</c> sends first.</summary>
    public void SendSigterm()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>An abrupt death: no DISCONNECT reaches the broker.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    /// <returns>Whether the process exited within the bound.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
