using System.CommandLine;
using System.Globalization;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Generation;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>The <c>agent-api</c> command: <see cref="AgentApiBenchmark"/> over agents made by <c>generate</c>, made first where missing.</summary>
internal static class AgentApiCommand
{
    public static Command Create(Option<int> seedOption)
    {
        var scales = new Option<string[]>("--scales")
        {
            Description = "Scales to measure, each twice: as generated (/tmp/thane-bench/<scale>, seven days of usage) and with usage_records filled to the scale's row count "
                + "(/tmp/thane-bench/<scale>-usage-<scale>, months of usage). Made when missing.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["100k", "1m", "5m"],
        };
        var dirs = new Option<string[]>("--dirs") { Description = "Agent directories made by 'generate' instead of --scales.", AllowMultipleArgumentsPerToken = true };
        var warmups = new Option<int>("--warmups") { DefaultValueFactory = _ => 2 };
        var runs = new Option<int>("--runs") { Description = "Measured runs of each request set but the first start's.", DefaultValueFactory = _ => 9 };
        var firstStartRuns = new Option<int>("--first-start-runs") { Description = "Measured runs of the first start's read and its first top of the hour's (after one warm-up).", DefaultValueFactory = _ => 3 };
        var firstStartBudget = new Option<int>("--first-start-budget") { Description = "Seconds after which no further first-start run is started (at least one is).", DefaultValueFactory = _ => 60 };
        var dropCaches = new Option<bool>("--drop-caches") { Description = "Also measure one first start with the page cache emptied before it (needs root)." };
        var command = new Command("agent-api", "The agent's cost of the add-on's usage requests over its API (steady cycle, top of the hour, first start) against its own telemetry's queries, same files, same run.")
        {
            scales, dirs, warmups, runs, firstStartRuns, firstStartBudget, dropCaches,
        };
        command.SetAction(result =>
        {
            var agents = result.GetValue(dirs) is { Length: > 0 } given
                ? given.Select(d => (Label: Path.GetFileName(Path.TrimEndingDirectorySeparator(d)), Dir: d)).ToList()
                : [.. result.GetValue(scales)!.SelectMany(s => Prepare(Scale.Parse(s), result.GetValue(seedOption)))];
            var settings = new AgentApiSettings(
                result.GetValue(warmups), result.GetValue(runs), result.GetValue(firstStartRuns), TimeSpan.FromSeconds(result.GetValue(firstStartBudget)), result.GetValue(dropCaches));
            var results = agents.Select(a => new AgentApiBenchmark(new AgentLayout(a.Dir), Console.Out).Run(a.Label, settings)).ToList();
            AgentApiResult.PrintTables(results, Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>The scale's two agents, each generated when missing (not timed): as generated, and with the scale's count of usage rows.</summary>
    private static IEnumerable<(string Label, string Dir)> Prepare(Scale scale, int seed)
    {
        var usageRows = RowCount.Parse(scale.Name);
        foreach (var (label, rows) in new[] { (scale.Name, (long?)null), ($"{scale.Name}, usage {RowCount.Short(usageRows)}", usageRows) })
        {
            var layout = new AgentLayout(scale.DefaultDir(rows));
            if (!File.Exists(Path.Combine(layout.Root, "bench-agent.json")))
            {
                Console.WriteLine($"Generating {label} into {layout.Root}");
                var manifest = AgentGenerator.Generate(layout, scale, seed, TextWriter.Null, usageRows: rows);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {manifest.UsageRows:N0} usage rows; {layout.Describe()}"));
            }

            yield return (label, layout.Root);
        }
    }
}
