using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>Child processes of the whole-process benchmarks: a Mosquitto on a free port, the add-on, probes.</summary>
internal static class LocalProcess
{
    public static Process Start(string file, string arguments, IReadOnlyDictionary<string, string> environment, bool quiet = false)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = quiet, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        if (quiet)
        {
            // Mosquitto logs each connection to stderr; drained so that it never blocks.
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
        }

        return process;
    }

    /// <summary>Starts Mosquitto (local-only mode, no configuration) on a free port and waits until it accepts connections.</summary>
    public static async Task<(Process Broker, int Port)> StartBrokerAsync()
    {
        var port = FreePort();
        var broker = Start("mosquitto", $"-p {port}", new Dictionary<string, string>(), quiet: true);
        await WaitForPortAsync(port);
        return (broker, port);
    }

    /// <summary>Runs a command to its end and returns what it printed.</summary>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                // Mosquitto binds within milliseconds of starting; a refused connect means not yet.
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}
