using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using MQTTnet;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Baseline;
using Telemetry.Benchmarks.Generation;
using Telemetry.Benchmarks.HistoryImport;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>
/// The whole-process benchmark: the published add-on as a Raspberry Pi owner runs it, measured from outside.
/// </summary>
/// <remarks>
/// <para>
/// A Mosquitto on a free port, the add-on process against a generated agent whose history ends now, and a writer that
/// appends the agent's activity after each cycle (<see cref="Traffic.Live"/>: 9 log rows and 0.1 usage rows a second,
/// so about 90 and 1 per 10-second cycle). Per cycle (the add-on's "Cycle published" line at debug level) it reads
/// the add-on's CPU time (utime + stime) and resident memory (VmRSS, RssAnon, RssFile) from <c>/proc</c>.
/// </para>
/// <para>
/// Cold start is process start to every retained state on the broker: a subscriber sees the add-on's availability
/// <c>online</c>, which the publisher sends after every state of a full publish. The agent package's queries run
/// through the <c>sqlite3</c> shell on the same files in the same run (<see cref="AgentPackageCli"/>), so ratios
/// compare like with like on a machine shared with other work.
/// </para>
/// </remarks>
internal sealed partial class ProcessBenchmark(AgentLayout layout, string executable, TextWriter output)
{
    private const string Device = "bench";

    public async Task<ProcessResult> RunAsync(ProcessRunSettings run)
    {
        var manifest = layout.ReadManifest();
        var package = new AgentPackageCli(layout);
        var (broker, port) = await LocalProcess.StartBrokerAsync();
        using var brokerProcess = broker;

        // Over the API the add-on is given only agent_url, as a user whose agent runs on another machine.
        await using var api = run.Api ? await AgentApiHost.StartAsync(layout) : null;
        var agent = api is null ? $"\"thane_dir\": \"{layout.Root}\"" : $"\"agent_url\": \"{api.Url}\"";
        var stateDir = Directory.CreateTempSubdirectory("thane-bench-process-").FullName;
        var optionsPath = Path.Combine(stateDir, "options.json");
        await File.WriteAllTextAsync(optionsPath, $$"""
            {{{agent}}, "device_name": "{{Device}}", "interval": {{(int)run.Interval.TotalSeconds}},
             "mqtt_host": "127.0.0.1", "mqtt_port": {{port}}, "log_level": "debug"}
            """);

        using var subscriber = new MqttClientFactory().CreateMqttClient();
        var states = new HashSet<string>(StringComparer.Ordinal);
        var expectedStates = -1;
        var online = new TaskCompletionSource<(long At, int States)>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += message =>
        {
            var topic = message.ApplicationMessage.Topic;
            lock (states)
            {
                if (topic.EndsWith("/state", StringComparison.Ordinal))
                {
                    states.Add(topic);
                }
                else if (topic.EndsWith("/config", StringComparison.Ordinal) && expectedStates < 0)
                {
                    expectedStates = CountStateTopics(message.ApplicationMessage.ConvertPayloadToString());
                }
                else if (topic == $"thane-telemetry/{Device}/availability" && message.ApplicationMessage.ConvertPayloadToString() == "online")
                {
                    online.TrySetResult((Stopwatch.GetTimestamp(), states.Count));
                }
            }

            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithCleanSession().Build());
        await subscriber.SubscribeAsync($"thane-telemetry/{Device}/#");
        await subscriber.SubscribeAsync($"homeassistant/device/{Device}_telemetry/config");

        // The package's one-cycle cost before the add-on starts: once to warm the page cache for both, once measured.
        await package.MeasureAsync(TimeProvider.System.GetUtcNow());
        var packageCold = await package.MeasureAsync(TimeProvider.System.GetUtcNow());

        var cycleLines = Channel.CreateUnbounded<(long At, int Messages)>();
        var environment = new Dictionary<string, string>(run.Environment, StringComparer.Ordinal);

        // The history import, as under the Supervisor: its token, and Core's websocket at <supervisor>/core/websocket.
        await using var core = run.History ? await CoreEndpoint.StartAsync() : null;
        if (core is not null)
        {
            environment["SUPERVISOR_URL"] = new UriBuilder(core.Url) { Scheme = "http", Path = "" }.Uri.ToString();
            environment["SUPERVISOR_TOKEN"] = "bench";
        }

        var historyDone = new TaskCompletionSource<(long At, ProcStat Stat)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        using var addon = LocalProcess.Start(executable, $"--options {optionsPath}", environment);
        addon.OutputDataReceived += (sender, line) =>
        {
            if (line.Data is { } done && done.Contains("History import: up to date", StringComparison.Ordinal))
            {
                historyDone.TrySetResult((Stopwatch.GetTimestamp(), ProcStat.Read(((Process)sender!).Id)));
            }

            if (line.Data is { } text && CyclePublished().Match(text) is { Success: true } match)
            {
                cycleLines.Writer.TryWrite((Stopwatch.GetTimestamp(), int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)));
            }
            else if (line.Data is { } other && (other.Contains("fail", StringComparison.OrdinalIgnoreCase) || other.Contains("unavailable", StringComparison.OrdinalIgnoreCase)))
            {
                output.WriteLine("  add-on: " + other);
            }
        };
        addon.BeginOutputReadLine();

        var stream = new AgentStream(Scale.Parse(manifest.Scale).Writer ?? Traffic.Live, TimeProvider.System.GetUtcNow(), manifest.Seed + 11);
        var records = new List<ProcessCycle>();
        var packageSamples = new List<double> { packageCold.TotalMilliseconds };
        double coldStartMs, coldStartCpuMs, restartMs, restartCpuMs;
        int statesAtOnline;
        Process? probe = null, again = null;

        // A restart as an update or a reboot makes it: SIGTERM, then the same options and /data, to every state again.
        async Task<(double Ms, double CpuMs)> RestartAsync()
        {
            await LocalProcess.RunAsync("kill", "-TERM", addon.Id.ToString(CultureInfo.InvariantCulture));
            await addon.WaitForExitAsync();
            lock (states)
            {
                states.Clear();
                online = new TaskCompletionSource<(long At, int States)>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            var restarted = Stopwatch.GetTimestamp();
            again = LocalProcess.Start(executable, $"--options {optionsPath}", environment);
            again.BeginOutputReadLine();
            var (at, _) = await online.Task.WaitAsync(TimeSpan.FromMinutes(3));
            return (Stopwatch.GetElapsedTime(restarted, at).TotalMilliseconds, ProcStat.Read(again.Id).CpuMs);
        }
        try
        {
            var (onlineAt, seen) = await online.Task.WaitAsync(TimeSpan.FromMinutes(3));
            coldStartMs = Stopwatch.GetElapsedTime(started, onlineAt).TotalMilliseconds;
            coldStartCpuMs = ProcStat.Read(addon.Id).CpuMs;
            statesAtOnline = seen;

            using var writer = new AgentWriter(layout, bulk: false);
            for (var cycle = 1; cycle <= run.Cycles + run.IdleCycles; cycle++)
            {
                using var timeout = new CancellationTokenSource(run.Interval * 3 + TimeSpan.FromSeconds(60));
                var (at, messages) = await cycleLines.Reader.ReadAsync(timeout.Token);
                var stat = ProcStat.Read(addon.Id);
                var idle = cycle > run.Cycles;
                var written = 0L;
                if (!idle)
                {
                    // The agent's activity since the last cycle, written now: the next cycle reads it.
                    var before = writer.LogRows + writer.UsageRows;
                    stream.Advance(TimeProvider.System.GetUtcNow(), writer.Add, writer.Add);
                    written = writer.LogRows + writer.UsageRows - before;
                }

                double? packageMs = null;
                if (!idle && run.PackageEvery > 0 && cycle % run.PackageEvery == 0)
                {
                    packageMs = (await package.MeasureAsync(TimeProvider.System.GetUtcNow())).TotalMilliseconds;
                    packageSamples.Add(packageMs.Value);
                }

                records.Add(new ProcessCycle(cycle, idle, messages, written, stat, packageMs));
                if (run.Probe is { } command && cycle == run.ProbeFrom)
                {
                    probe = LocalProcess.Start("bash", $"-c \"exec {command.Replace("{pid}", addon.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)} 2>&1\"", new Dictionary<string, string>());
                }
                else if (probe is not null && cycle == run.ProbeFrom + run.ProbeCycles)
                {
                    await LocalProcess.RunAsync("kill", "-INT", probe.Id.ToString(CultureInfo.InvariantCulture));
                    output.WriteLine($"probe over cycles {run.ProbeFrom + 1}-{cycle}: {run.Probe}");
                    output.WriteLine(await probe.StandardOutput.ReadToEndAsync());
                    await probe.WaitForExitAsync();
                    probe.Dispose();
                    probe = null;
                }
            }

            layout.WriteManifest(manifest with { Until = TimeProvider.System.GetUtcNow() });
            (restartMs, restartCpuMs) = await RestartAsync();
        }
        finally
        {
            probe?.Kill();
            again?.Kill();
            again?.Dispose();
            addon.Kill();
            broker.Kill();
            await addon.WaitForExitAsync();
            Directory.Delete(stateDir, recursive: true);
        }

        var result = new ProcessResult(run.Label, manifest.Scale, run.Interval, coldStartMs, coldStartCpuMs, statesAtOnline, expectedStates, packageSamples, records)
        {
            RestartMs = restartMs,
            RestartCpuMs = restartCpuMs,
            History = historyDone.Task.IsCompletedSuccessfully
                ? (Stopwatch.GetElapsedTime(started, historyDone.Task.Result.At).TotalMilliseconds, historyDone.Task.Result.Stat.CpuMs, historyDone.Task.Result.Stat.PeakResident / 1048576.0)
                : null,
        };
        result.Print(output);
        return result;
    }

    /// <summary>The state topics a discovery payload announces.</summary>
    private static int CountStateTopics(string discovery)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("components").EnumerateObject().Count(c => c.Value.TryGetProperty("state_topic", out _));
    }

    [GeneratedRegex(@"Cycle published (\d+) messages")]
    private static partial Regex CyclePublished();
}

/// <param name="PackageEvery">Run the package's queries after every this many busy cycles (0: only before the start).</param>
/// <param name="Probe">A command run against the add-on over <paramref name="ProbeCycles"/> cycles after cycle <paramref name="ProbeFrom"/>, <c>{pid}</c> replaced (for example <c>strace -c -f -p {pid}</c>); stopped with SIGINT.</param>
/// <param name="History">Run the history import too, against a stand-in for Core's websocket (<see cref="CoreEndpoint"/>).</param>
/// <param name="Api">Read the agent over its HTTP API (<see cref="AgentApiHost"/>) instead of its files.</param>
internal sealed record ProcessRunSettings(
    string Label, TimeSpan Interval, int Cycles, int IdleCycles, int PackageEvery, IReadOnlyDictionary<string, string> Environment,
    string? Probe = null, int ProbeFrom = 0, int ProbeCycles = 3, bool Api = false, bool History = false);

/// <summary>One cycle of the add-on process as Linux sees it, read right after its "Cycle published" line.</summary>
internal sealed record ProcessCycle(int Cycle, bool Idle, int Messages, long RowsWritten, ProcStat Stat, double? PackageMs);

internal sealed record ProcessResult(
    string Label, string Scale, TimeSpan Interval, double ColdStartMs, double ColdStartCpuMs, int StatesAtOnline, int StatesAnnounced,
    IReadOnlyList<double> PackageMs, IReadOnlyList<ProcessCycle> Cycles)
{
    private const double Mb = 1048576.0;

    /// <summary>SIGTERM after the last cycle, then the same options and state folder: start to every state again.</summary>
    public double RestartMs { get; init; }

    public double RestartCpuMs { get; init; }

    /// <summary>With the history import: start to its "up to date" line, the add-on's CPU by then, and its peak memory by then (MB).</summary>
    public (double Ms, double CpuMs, double PeakMb)? History { get; init; }

    public double PackageMedianMs => Summary.Median(PackageMs);

    /// <summary>Mean CPU per cycle from cycle <paramref name="first"/> to <paramref name="last"/> (both included), busy cycles only.</summary>
    public double CpuPerCycle(int first, int last)
    {
        var busy = Cycles.Where(c => !c.Idle).ToList();
        last = Math.Min(last, busy.Count);
        return first < 2 || last < first ? double.NaN : (busy[last - 1].Stat.CpuMs - busy[first - 2].Stat.CpuMs) / (last - first + 1);
    }

    /// <summary>Steady: cycles 3 to the last busy one (1 is the full read, 2 the re-publish after the connect).</summary>
    public double SteadyCpuMs => CpuPerCycle(3, Cycles.Count(c => !c.Idle));

    public double IdleCpuMs
    {
        get
        {
            var idle = Cycles.Where(c => c.Idle).ToList();
            var before = Cycles.LastOrDefault(c => !c.Idle);
            return idle.Count == 0 || before is null ? double.NaN : (idle[^1].Stat.CpuMs - before.Stat.CpuMs) / idle.Count;
        }
    }

    private IEnumerable<ProcStat> SecondHalf => Cycles.Where(c => !c.Idle).Skip(Cycles.Count(c => !c.Idle) / 2).Select(c => c.Stat);

    public double SteadyRssMb => Summary.Median(SecondHalf.Select(s => s.Resident / Mb));

    public void Print(TextWriter output)
    {
        var busy = Cycles.Count(c => !c.Idle);
        var steady = SteadyCpuMs;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Label} ({Scale}, interval {Interval.TotalSeconds:0} s): cold start {ColdStartMs:0} ms to every state ({StatesAtOnline} of {StatesAnnounced} announced; {ColdStartCpuMs:0} ms CPU by then), package one cycle {PackageMedianMs:0} ms CPU (median of {PackageMs.Count}), cold start / package {ColdStartMs / PackageMedianMs:0.00}×; restart {RestartMs:0} ms ({RestartCpuMs:0} ms CPU)"));
        if (History is { } history)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  history imported {history.Ms:0} ms after the start ({history.CpuMs:0} ms CPU by then, peak {history.PeakMb:0.0} MB)"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU per cycle: steady (3-{busy}) {steady:0.0} ms, cycles 3-14 {CpuPerCycle(3, 14):0.0} ms, last 10 {CpuPerCycle(Math.Max(3, busy - 9), busy):0.0} ms, idle (writer stopped) {IdleCpuMs:0.0} ms; package / steady {PackageMedianMs / steady:0.#}×; rows written per cycle {Summary.Median(Cycles.Where(c => !c.Idle).Select(c => (double)c.RowsWritten)):0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  RSS steady {SteadyRssMb:0.0} MB (median of the second half: anon {Summary.Median(SecondHalf.Select(s => s.ResidentAnon / Mb)):0.0}, file {Summary.Median(SecondHalf.Select(s => s.ResidentFile / Mb)):0.0}), peak {Cycles.Max(c => c.Stat.PeakResident) / Mb:0.0} MB, threads {Cycles[^1].Stat.Threads}"));
        output.WriteLine("  CPU ms per cycle (10 ms ticks): " + string.Join(" ", Cycles.Select((c, i) => (c.Stat.CpuMs - (i == 0 ? 0 : Cycles[i - 1].Stat.CpuMs)).ToString("0", CultureInfo.InvariantCulture))));
        output.WriteLine("  RSS MB per cycle: " + string.Join(" ", Cycles.Select(c => (c.Stat.Resident / Mb).ToString("0.0", CultureInfo.InvariantCulture))));
        output.WriteLine("  messages per cycle: " + string.Join(" ", Cycles.Select(c => c.Messages)));
    }

    /// <summary>One row of the summary table (Markdown, for BENCHMARKS.md).</summary>
    public string TableRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Label} | {Scale} | {Interval.TotalSeconds:0} s | {ColdStartMs:0} ms ({ColdStartCpuMs:0} ms CPU) | {PackageMedianMs:0} ms | {ColdStartMs / PackageMedianMs:0.00}× ({ColdStartCpuMs / PackageMedianMs:0.00}×) | {CpuPerCycle(3, 14):0.0} ms | {SteadyCpuMs:0.0} ms | {IdleCpuMs:0.0} ms | {PackageMedianMs / SteadyCpuMs:0.#}× | {SteadyRssMb:0.0} MB | {Cycles.Max(c => c.Stat.PeakResident) / Mb:0.0} MB | {RestartMs:0} ms ({RestartCpuMs:0} ms CPU) |");
}
