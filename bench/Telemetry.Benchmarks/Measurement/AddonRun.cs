using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MQTTnet;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Generation;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>
/// Runs the real add-on process against a generated agent and a local Mosquitto, the agent writing in real time,
/// and reads what Linux and the broker see: resident memory per cycle, time to the first published state, and
/// messages per cycle (the add-on's own count at debug level, checked against a subscriber's).
/// </summary>
internal sealed partial class AddonRun(AgentLayout layout, string executable, TextWriter output)
{
    private const string Device = "bench";

    public async Task<AddonResult> RunAsync(int cycles, int idleCycles, TimeSpan interval, IReadOnlyDictionary<string, string> environment, string label)
    {
        var manifest = layout.ReadManifest();
        var scale = Scale.Parse(manifest.Scale);
        var (broker, port) = await LocalProcess.StartBrokerAsync();
        using var brokerProcess = broker;

        var stateDir = Directory.CreateTempSubdirectory("thane-bench-addon-").FullName;
        var optionsPath = Path.Combine(stateDir, "options.json");
        await File.WriteAllTextAsync(optionsPath, $$"""
            {"thane_dir": "{{layout.Root}}", "device_name": "{{Device}}", "interval": {{(int)interval.TotalSeconds}},
             "mqtt_host": "127.0.0.1", "mqtt_port": {{port}}, "log_level": "debug"}
            """);

        using var subscriber = new MqttClientFactory().CreateMqttClient();
        var received = 0;
        var firstState = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += message =>
        {
            Interlocked.Increment(ref received);
            if (message.ApplicationMessage.Topic.EndsWith("/state", StringComparison.Ordinal))
            {
                firstState.TrySetResult(Stopwatch.GetTimestamp());
            }

            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithCleanSession().Build());
        await subscriber.SubscribeAsync($"thane-telemetry/{Device}/#");
        await subscriber.SubscribeAsync($"homeassistant/device/{Device}_telemetry/config");

        // The agent keeps writing while the add-on runs: a minute of activity every minute, in real time.
        var writing = new CancellationTokenSource();
        var writer = Task.Run(() => TrickleAsync(scale, manifest.Seed, writing.Token));

        var cycleLines = System.Threading.Channels.Channel.CreateUnbounded<(int Messages, bool Everything)>();
        var started = Stopwatch.GetTimestamp();
        using var addon = LocalProcess.Start(executable, $"--options {optionsPath}", environment);
        addon.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && CyclePublished().Match(text) is { Success: true } match)
            {
                cycleLines.Writer.TryWrite((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value == "everything"));
            }
            else if (line.Data is { } other && (other.Contains("fail", StringComparison.OrdinalIgnoreCase) || other.Contains("unavailable", StringComparison.OrdinalIgnoreCase)))
            {
                output.WriteLine("  add-on: " + other);
            }
        };
        addon.BeginOutputReadLine();

        var records = new List<CycleRecord>();
        double? startup = null;
        try
        {
            var lastReceived = 0;
            for (var cycle = 1; cycle <= cycles + idleCycles; cycle++)
            {
                if (cycle == cycles + 1)
                {
                    await writing.CancelAsync();
                    await writer;
                }

                using var timeout = new CancellationTokenSource(interval * 3 + TimeSpan.FromSeconds(60));
                var (messages, everything) = await cycleLines.Reader.ReadAsync(timeout.Token);
                if (cycle == 1)
                {
                    startup = Stopwatch.GetElapsedTime(started, await firstState.Task.WaitAsync(TimeSpan.FromSeconds(30))).TotalMilliseconds;
                }

                var nowReceived = Volatile.Read(ref received);
                records.Add(new CycleRecord(cycle, messages, everything, nowReceived - lastReceived, cycle > cycles,
                    ProcessCounters.Resident(addon.Id), ProcessCounters.PeakResident(addon.Id)));
                lastReceived = nowReceived;
            }
        }
        finally
        {
            await writing.CancelAsync();
            addon.Kill();
            broker.Kill();
            await addon.WaitForExitAsync();
            Directory.Delete(stateDir, recursive: true);
        }

        var result = new AddonResult(label, scale.Name, startup ?? double.NaN, records);
        result.Print(output);
        return result;
    }

    private async Task TrickleAsync(Scale scale, int seed, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var stream = new AgentStream(scale, now, seed + 7);
        using var writer = new AgentWriter(layout, bulk: false);
        while (!cancellationToken.IsCancellationRequested)
        {
            stream.Advance(TimeProvider.System.GetUtcNow(), writer.Add, writer.Add);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [GeneratedRegex(@"Cycle published (\d+) messages \((everything|changes)\)")]
    private static partial Regex CyclePublished();
}

/// <summary>One cycle of the add-on process as seen from outside.</summary>
internal sealed record CycleRecord(int Cycle, int Messages, bool Everything, int MessagesReceived, bool Idle, long Resident, long PeakResident);

internal sealed record AddonResult(string Label, string Scale, double StartupMs, IReadOnlyList<CycleRecord> Cycles)
{
    public double SteadyResidentMb => Summary.Median(Cycles.Where(c => !c.Idle).Skip(Cycles.Count(c => !c.Idle) / 2).Select(c => c.Resident / 1048576.0));

    public double PeakResidentMb => Cycles.Max(c => c.PeakResident) / 1048576.0;

    public void Print(TextWriter output)
    {
        var busy = Cycles.Where(c => !c.Idle && c.Cycle > 1).ToList();
        var idle = Cycles.Where(c => c.Idle).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Label} ({Scale}): first state after {StartupMs:0} ms; resident steady {SteadyResidentMb:0.0} MB (median of the second half), peak {PeakResidentMb:0.0} MB; " +
            $"messages per cycle while the agent writes: median {Summary.Median(busy.Where(c => !c.Everything).Select(c => (double)c.Messages)):0}, " +
            $"idle: {string.Join(" ", idle.Select(c => c.Messages))}; full re-publishes: {string.Join(", ", Cycles.Where(c => c.Everything).Select(c => $"cycle {c.Cycle} ({c.Messages} messages)"))}"));
        output.WriteLine("  resident MB per cycle: " + string.Join(" ", Cycles.Select(c => (c.Resident / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture))));
        output.WriteLine("  messages per cycle (add-on count / received): " + string.Join(" ", Cycles.Select(c => $"{c.Messages}/{c.MessagesReceived}")));
    }
}
