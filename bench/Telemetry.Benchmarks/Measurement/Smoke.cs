using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Baseline;
using Telemetry.Benchmarks.Generation;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Main;
using Telemetry.Sources.Usage;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>
/// A small end-to-end check that keeps the harness compiling and honest: a 2,000-row agent, three cycles six hours apart
/// with the agent writing between them, and after each the kept figures must equal a fresh full read, and the figures both
/// define alike (tokens, cost, models, active sessions, attachments) must equal the agent package's.
/// </summary>
internal static class Smoke
{
    /// <returns>0 when every check held.</returns>
    public static async Task<int> RunAsync(TextWriter output)
    {
        var layout = new AgentLayout(Directory.CreateTempSubdirectory("thane-bench-smoke-").FullName);
        try
        {
            var manifest = AgentGenerator.Generate(layout, Scale.Smoke, seed: 1, TextWriter.Null);
            var now = manifest.End;
            var clock = new FakeTimeProvider(now);
            var held = new OurCollector(layout.Root, clock);
            var baseline = new AgentPackageBaseline(layout);
            var stream = new AgentStream(Scale.Smoke, now, seed: 2);
            using var writer = new AgentWriter(layout, bulk: false);
            for (var cycle = 1; cycle <= 3; cycle++)
            {
                var readings = await held.Collector.CollectAsync(CancellationToken.None);
                var fresh = new OurCollector(layout.Root, clock);
                var (freshLogs, freshUsage) = await fresh.ReadLogsAndUsageAsync(now);
                var package = baseline.Collect(now);
                var logs = readings.Of(LogsSource.Key).Value ?? throw new InvalidOperationException(readings.Of(LogsSource.Key).Problem);
                var usage = readings.Of(UsageSource.Key).Value ?? throw new InvalidOperationException(readings.Of(UsageSource.Key).Problem);
                var checks = new (bool Holds, string What)[]
                {
                    (logs == freshLogs.Value, $"logs kept {logs}, full read {freshLogs.Value}"),
                    (CycleBenchmark.Describe(usage) == CycleBenchmark.Describe(freshUsage.Value!), $"usage kept {CycleBenchmark.Describe(usage)}, full read {CycleBenchmark.Describe(freshUsage.Value!)}"),
                    (usage.Window.InputTokens == package.InputTokens && usage.Window.OutputTokens == package.OutputTokens, "tokens differ from the package's"),
                    (Math.Abs(usage.Window.CostUsd - package.CostUsd) <= 1e-9 * Math.Max(1, package.CostUsd), $"cost {usage.Window.CostUsd} vs the package's {package.CostUsd}"),
                    (usage.Window.ByModel.Select(m => m.Model).Order(StringComparer.Ordinal).SequenceEqual(package.ByModel.Select(m => m.Model).Order(StringComparer.Ordinal)), "models differ"),
                    (readings.Of(MainSource.Key).Value?.ActiveSessions == package.ActiveSessions, "active sessions differ"),
                    (readings.Of(AttachmentsSource.Key).Value?.Total == package.Attachments, "attachments differ"),
                    (cycle == 1 || !held.Logs.LastRead.IsFull, $"cycle {cycle} read the logs in full: {held.Logs.LastRead.Reason}"),
                    (cycle == 1 || !held.Usage.LastRead.IsFull, $"cycle {cycle} read usage in full: {held.Usage.LastRead.Reason}"),
                };
                foreach (var (holds, what) in checks.Where(c => !c.Holds))
                {
                    output.WriteLine($"smoke: FAILED at cycle {cycle}: {what}");
                    return 1;
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"smoke: cycle {cycle} ok ({held.Logs.LastRead.Reason}): requests {logs.Requests}, errors {logs.Errors}, tokens {usage.Window.InputTokens}/{usage.Window.OutputTokens}, cost {usage.Window.CostUsd:0.0000}"));

                // Six hours of the agent's activity before the next cycle: new rows, and rows leaving the window.
                now += TimeSpan.FromHours(6);
                stream.Advance(now, writer.Add, writer.Add);
                clock.SetUtcNow(now);
            }

            output.WriteLine("smoke: 3 passed, 0 failed");
            return 0;
        }
        finally
        {
            Directory.Delete(layout.Root, recursive: true);
        }
    }
}
