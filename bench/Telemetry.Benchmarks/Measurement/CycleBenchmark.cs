using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Baseline;
using Telemetry.Benchmarks.Generation;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Sources;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Sources.Usage;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>
/// Cycle cost of this add-on against the agent package's queries, on the same files, in the same process and run:
/// first (cold) cycles, then steady cycles a simulated minute apart with the agent writing between them.
/// </summary>
internal sealed class CycleBenchmark(AgentLayout layout, TextWriter output, bool dropCaches = false)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    public async Task<CycleResult> RunAsync(int coldRuns, int steadyCycles)
    {
        var manifest = layout.ReadManifest();
        var scale = Scale.Parse(manifest.Scale);
        var baseline = new AgentPackageBaseline(layout);
        var now = manifest.Until;
        var clock = new FakeTimeProvider(now);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## {scale.Name}: {manifest.LogRows:N0} log rows generated, {layout.Describe()}"));

        // Cold: a new collector each time (its first read is a full one), the baseline beside it, in alternating order.
        var cold = new Runs();
        for (var run = 0; run < coldRuns; run++)
        {
            var ours = new OurCollector(layout.Root, clock);
            var oursPart = new OurCollector(layout.Root, clock);
            await cold.MeasureAsync(run % 2 == 0, ours, oursPart, baseline, now, dropCaches);
        }

        // Steady: one collector kept across cycles, the agent writing a minute of activity before each.
        var held = new OurCollector(layout.Root, clock);
        var heldPart = new OurCollector(layout.Root, clock);
        await held.Collector.CollectAsync(CancellationToken.None);
        await heldPart.ReadLogsAndUsageAsync(now);
        var steady = new Runs();
        var audits = new Runs();
        var sink = new CountingSink();
        var topics = new Topics("homeassistant", "bench");
        var identityFile = Path.Combine(layout.Root, "bench-identity", InstanceIdentity.FileName);
        InstanceIdentity.Write(identityFile, "bench-instance");
        var identity = new DeviceIdentitySource("bench", null, Path.GetDirectoryName(identityFile)!, identityFile, TimeProvider.System, NullLogger<DeviceIdentitySource>.Instance);
        var catalog = new SensorCatalog(TelemetrySources.All.Select(s => s.Sensors), [new LoopSensors(new LoopSlugs(), NullLogger<LoopSensors>.Instance)]);
        var agentDevice = new AgentDeviceWatch(identity, topics, catalog, NullLogger<AgentDeviceWatch>.Instance);
        var discovery = new DiscoveryBuilder(identity, topics, agentDevice);
        var publisher = new TelemetryPublisher(
            new PublishedMessages(sink), topics, catalog, identity, agentDevice, discovery, new DiscoveryCache(discovery, agentDevice),
            new Announcements(new ComponentMemory(null, catalog, NullLogger<ComponentMemory>.Instance)), NullLogger<TelemetryPublisher>.Instance);
        var firstPublish = await publisher.PublishAsync(await held.Collector.CollectAsync(CancellationToken.None), PublishMode.Everything, CancellationToken.None);
        var published = new List<int>();
        var stream = new AgentStream(scale, now, manifest.Seed + (int)(now - manifest.End).TotalMinutes + 1);
        long written = 0;
        using (var writer = new AgentWriter(layout, bulk: false))
        {
            for (var cycle = 1; cycle <= steadyCycles; cycle++)
            {
                var before = writer.LogRows + writer.UsageRows;
                now += Interval;
                stream.Advance(now, writer.Add, writer.Add);
                written += writer.LogRows + writer.UsageRows - before;
                clock.SetUtcNow(now);
                var runs = new Runs();
                await runs.MeasureAsync(cycle % 2 == 0, held, heldPart, baseline, now);
                if (heldPart.Logs.LastRead.IsFull || heldPart.Usage.LastRead.IsFull)
                {
                    throw new InvalidOperationException($"cycle {cycle} read everything again: {heldPart.Logs.LastRead.Reason} / {heldPart.Usage.LastRead.Reason}");
                }

                (heldPart.Logs.LastRead.Audited ? audits : steady).Add(runs);
                published.Add(await PublishAsync(publisher, held, sink));
            }
        }

        // The agent idle: the clock moves a minute, nothing is written; then the clock does not move either.
        var idle = new List<(int Count, string Topics)>();
        for (var cycle = 0; cycle < 3; cycle++)
        {
            now += Interval;
            clock.SetUtcNow(now);
            idle.Add((await PublishAsync(publisher, held, sink), string.Join(" ", sink.Topics.Select(t => t.Split('/')[^2]))));
        }

        var frozen = await PublishAsync(publisher, held, sink);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"messages (real publisher, changes only): first publish {firstPublish}; while the agent writes, per cycle median {Summary.Median(published.Select(p => (double)p)):0} (max {published.Max()}); agent idle, clock +1 min: {string.Join(", ", idle.Select(i => $"{i.Count} [{i.Topics}]"))}; nothing changed at all: {frozen}"));

        layout.WriteManifest(manifest with { Until = now });
        await VerifyAsync(heldPart, now);
        var result = new CycleResult(scale.Name, manifest.LogRows, cold, steady, audits, written / (double)steadyCycles);
        result.Print(output);
        return result;
    }

    /// <summary>The figures kept across cycles equal a fresh full read's, and the baseline's where both define them alike.</summary>
    private async Task VerifyAsync(OurCollector held, DateTimeOffset now)
    {
        var fresh = new OurCollector(layout.Root, new FakeTimeProvider(now));
        var (heldLogs, heldUsage) = await held.ReadLogsAndUsageAsync(now);
        var (freshLogs, freshUsage) = await fresh.ReadLogsAndUsageAsync(now);
        var baseline = new AgentPackageBaseline(layout).Collect(now);
        Check(heldLogs.Value == freshLogs.Value, $"logs: kept {heldLogs.Value}, full read {freshLogs.Value}");
        Check(Describe(heldUsage.Value!) == Describe(freshUsage.Value!), $"usage: kept {Describe(heldUsage.Value!)}, full read {Describe(freshUsage.Value!)}");
        var window = heldUsage.Value?.Window ?? throw new InvalidOperationException(heldUsage.Problem);
        Check(window.InputTokens == baseline.InputTokens && window.OutputTokens == baseline.OutputTokens
            && Math.Abs(window.CostUsd - baseline.CostUsd) < 1e-9 * Math.Max(1, baseline.CostUsd)
            && window.ByModel.Select(m => m.Model).Order(StringComparer.Ordinal).SequenceEqual(baseline.ByModel.Select(m => m.Model).Order(StringComparer.Ordinal)),
            $"usage: kept {Describe(heldUsage.Value!)}, agent package in {baseline.InputTokens} out {baseline.OutputTokens} cost {baseline.CostUsd}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verified after the last cycle: kept figures = a fresh full read (requests {heldLogs.Value!.Requests}, errors {heldLogs.Value.Errors}, p50 {heldLogs.Value.LatencyP50Ms:0.0} ms, p95 {heldLogs.Value.LatencyP95Ms:0.0} ms; {Describe(heldUsage.Value!)}); tokens and cost = the agent package's; the package's requests {baseline.Requests}, errors {baseline.Errors} (ERROR only), p50 {baseline.LatencyP50Ms:0.0} ms"));
    }

    private static async Task<int> PublishAsync(TelemetryPublisher publisher, OurCollector held, CountingSink sink)
    {
        sink.Topics.Clear();
        return await publisher.PublishAsync(await held.Collector.CollectAsync(CancellationToken.None), PublishMode.Changes, CancellationToken.None);
    }

    public static string Describe(UsageFigures usage) => string.Create(CultureInfo.InvariantCulture,
        $"in {usage.Window.InputTokens} out {usage.Window.OutputTokens} cost {usage.Window.CostUsd:R} [{string.Join("; ", usage.Window.ByModel.Select(m => $"{m.Model} {m.InputTokens}/{m.OutputTokens}/{m.CostUsd:R}"))}] lifetime {usage.Totals.Lifetime} today {usage.Totals.Today} month {usage.Totals.Month}");

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("mismatch: " + what);
        }
    }
}

/// <summary>Samples of the four things measured per cycle.</summary>
internal sealed class Runs
{
    public List<Sample> Ours { get; } = [];

    public List<Sample> OursPart { get; } = [];

    public List<Sample> Baseline { get; } = [];

    public List<Sample> BaselinePart { get; } = [];

    /// <summary>The add-on's collector, its logs and usage sources alone, the package, and the package's tokens and requests queries alone.</summary>
    /// <param name="dropCaches">Empty the kernel's page cache before each measurement (root only): a first cycle after a reboot.</param>
    public async Task MeasureAsync(bool oursFirst, OurCollector ours, OurCollector oursPart, AgentPackageBaseline baseline, DateTimeOffset now, bool dropCaches = false)
    {
        if (oursFirst)
        {
            await MeasureOursAsync(ours, oursPart, now, dropCaches);
            await MeasureBaselineAsync(baseline, now, dropCaches);
        }
        else
        {
            await MeasureBaselineAsync(baseline, now, dropCaches);
            await MeasureOursAsync(ours, oursPart, now, dropCaches);
        }
    }

    private static void DropCaches(bool drop)
    {
        if (drop)
        {
            PageCache.Drop();
        }
    }

    public void Add(Runs other)
    {
        Ours.AddRange(other.Ours);
        OursPart.AddRange(other.OursPart);
        Baseline.AddRange(other.Baseline);
        BaselinePart.AddRange(other.BaselinePart);
    }

    private async Task MeasureOursAsync(OurCollector ours, OurCollector oursPart, DateTimeOffset now, bool dropCaches)
    {
        DropCaches(dropCaches);
        var (cycle, sample) = await Sample.MeasureAsync(() => ours.Collector.CollectAsync(CancellationToken.None));
        if (new SourceKey[] { UsageSource.Key, LogsSource.Key, MainSource.Key }.Select(cycle.Of).FirstOrDefault(r => r.Problem is not null) is { } failed)
        {
            throw new InvalidOperationException($"a source failed: {failed.Problem}");
        }

        Ours.Add(sample);
        DropCaches(dropCaches);
        OursPart.Add((await Sample.MeasureAsync(() => oursPart.ReadLogsAndUsageAsync(now))).Sample);
    }

    private async Task MeasureBaselineAsync(AgentPackageBaseline baseline, DateTimeOffset now, bool dropCaches)
    {
        DropCaches(dropCaches);
        Baseline.Add((await Sample.MeasureAsync(() => Task.FromResult(baseline.Collect(now)))).Sample);
        DropCaches(dropCaches);
        BaselinePart.Add((await Sample.MeasureAsync(() => Task.FromResult(baseline.Collect(now, logsAndUsageOnly: true)))).Sample);
    }
}
