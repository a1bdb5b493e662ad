using System.CommandLine;
using System.Globalization;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Generation;

var scaleOption = new Option<string>("--scale") { Description = "100k, 1m, 5m, small, heavy or 2k.", DefaultValueFactory = _ => "100k" };
var dirOption = new Option<string?>("--dir") { Description = "The agent directory (default /tmp/thane-bench/<scale>)." };
var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 20261102 };

var endOption = new Option<string?>("--end") { Description = "When the history ends: 'now' for the add-on process runs (real clock); default 2026-11-02T12:00:00Z." };
var usageRowsOption = new Option<string?>("--usage-rows")
{
    Description = "Rows usage_records should hold (e.g. 5m): months of older usage at the scale's rate before the 7 days (default dir /tmp/thane-bench/<scale>-usage-<rows>).",
};
var generate = new Command("generate", "Write an agent directory with 7 days of history at a scale.") { scaleOption, dirOption, seedOption, endOption, usageRowsOption };
generate.SetAction(result =>
{
    var scale = Scale.Parse(result.GetValue(scaleOption)!);
    var usageRows = result.GetValue(usageRowsOption) is { } rows ? RowCount.Parse(rows) : (long?)null;
    var layout = new AgentLayout(result.GetValue(dirOption) ?? scale.DefaultDir(usageRows));
    Console.WriteLine($"Generating {scale.Name} into {layout.Root}");
    DateTimeOffset? end = result.GetValue(endOption) switch
    {
        null => null,
        "now" => TimeProvider.System.GetUtcNow(),
        var text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture),
    };
    var manifest = AgentGenerator.Generate(layout, scale, result.GetValue(seedOption), Console.Out, end, usageRows);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{manifest.LogRows:N0} log rows, {manifest.UsageRows:N0} usage rows, {manifest.Sessions:N0} sessions, {manifest.Attachments:N0} attachments; {layout.Describe()}"));
    return 0;
});

var dirsOption = new Option<string[]>("--dirs") { Description = "Agent directories made by 'generate' (default: the three scales under /tmp/thane-bench).", AllowMultipleArgumentsPerToken = true };
var coldOption = new Option<int>("--cold-runs") { DefaultValueFactory = _ => 5 };
var cyclesOption = new Option<int>("--cycles") { Description = "Steady cycles, a simulated minute apart.", DefaultValueFactory = _ => 45 };
var dropOption = new Option<bool>("--drop-caches") { Description = "Empty the page cache before each first-cycle measurement (needs root)." };
var cycles = new Command("cycles", "First-cycle and steady-cycle cost against the agent package's queries, same files, same run.") { dirsOption, coldOption, cyclesOption, dropOption };
cycles.SetAction(async (result, _) =>
{
    var dirs = result.GetValue(dirsOption) is { Length: > 0 } given ? given : Scale.CycleDefaults.Select(DefaultDir).ToArray();
    var results = new List<Telemetry.Benchmarks.Measurement.CycleResult>();
    foreach (var dir in dirs)
    {
        results.Add(await new Telemetry.Benchmarks.Measurement.CycleBenchmark(new AgentLayout(dir), Console.Out, result.GetValue(dropOption)).RunAsync(result.GetValue(coldOption), result.GetValue(cyclesOption)));
    }

    Telemetry.Benchmarks.Measurement.CycleResult.PrintTables(results, Console.Out);
    return 0;
});

var exeOption = new Option<string>("--exe")
{
    Description = "The add-on executable.",
    DefaultValueFactory = _ => Path.GetFullPath("src/Telemetry.Addon/bin/Release/net10.0/thane-telemetry"),
};
var intervalOption = new Option<int>("--interval") { Description = "The add-on's interval in seconds (10 at least).", DefaultValueFactory = _ => 10 };
var addonCyclesOption = new Option<int>("--cycles") { DefaultValueFactory = _ => 100 };
var idleOption = new Option<int>("--idle-cycles") { Description = "Cycles after the agent stops writing.", DefaultValueFactory = _ => 6 };
var envOption = new Option<string[]>("--env") { Description = "NAME=VALUE for the add-on's environment (DOTNET_ runtime knobs).", AllowMultipleArgumentsPerToken = true };
var labelOption = new Option<string>("--label") { DefaultValueFactory = _ => "add-on" };
var addon = new Command("addon", "Run the real add-on process against a generated agent (made with --end now) and a local Mosquitto.")
{
    dirOption, exeOption, intervalOption, addonCyclesOption, idleOption, envOption, labelOption,
};
addon.SetAction(async (result, _) =>
{
    var layout = new AgentLayout(result.GetValue(dirOption) ?? DefaultDir(Scale.Parse("5m")));
    var environment = (result.GetValue(envOption) ?? []).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    await new Telemetry.Benchmarks.Measurement.AddonRun(layout, result.GetValue(exeOption)!, Console.Out).RunAsync(
        result.GetValue(addonCyclesOption), result.GetValue(idleOption), TimeSpan.FromSeconds(result.GetValue(intervalOption)), environment, result.GetValue(labelOption)!);
    return 0;
});

var scalesOption = new Option<string[]>("--scales")
{
    Description = "Agents to run against, each in /tmp/thane-bench/live-<scale> (made, history ending now, when missing or older than --max-age).",
    AllowMultipleArgumentsPerToken = true,
    DefaultValueFactory = _ => ["small", "1m", "heavy"],
};
var maxAgeOption = new Option<int>("--max-age") { Description = "Minutes after which a live agent is made again (its window has moved on).", DefaultValueFactory = _ => 60 };
var publishOption = new Option<bool>("--publish") { Description = "Publish the add-on as the Dockerfile does into the folder of --exe first." };
var processCyclesOption = new Option<int>("--cycles") { Description = "Cycles with the agent writing.", DefaultValueFactory = _ => 45 };
var processIdleOption = new Option<int>("--idle-cycles") { Description = "Cycles after the agent stops writing.", DefaultValueFactory = _ => 10 };
var packageEveryOption = new Option<int>("--package-every") { Description = "Run the package's queries (sqlite3) after every this many cycles.", DefaultValueFactory = _ => 5 };
var probeOption = new Option<string?>("--probe") { Description = "A command run against the add-on for --probe-cycles cycles after cycle --probe-from, {pid} replaced, e.g. 'strace -c -f -p {pid}'." };
var probeFromOption = new Option<int>("--probe-from") { DefaultValueFactory = _ => 5 };
var probeCyclesOption = new Option<int>("--probe-cycles") { DefaultValueFactory = _ => 3 };
var processExeOption = new Option<string>("--exe")
{
    Description = "The add-on executable (the Dockerfile's single-file build).",
    DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "thane-bench", "addon", "thane-telemetry"),
};
var apiOption = new Option<bool>("--api") { Description = "Read the agent over its HTTP API (served on 127.0.0.1 from the agent's files by the agent's own SQL) instead of its files." };
var historyOption = new Option<bool>("--history") { Description = "Import the usage history too, as under the Supervisor, against a stand-in for Core's websocket." };
var process = new Command("process", "Whole process: the published add-on, a local Mosquitto and a writing agent; CPU and memory of the add-on from /proc per cycle, cold start, and the package's queries through sqlite3 on the same files.")
{
    scalesOption, processExeOption, publishOption, intervalOption, processCyclesOption, processIdleOption, packageEveryOption, envOption, labelOption, maxAgeOption,
    probeOption, probeFromOption, probeCyclesOption, apiOption, historyOption, usageRowsOption,
};
// --usage-rows (as for generate): the live agents get that many usage rows in all, the older ones before their week of
// logs, in their own folder (a long history for --history).
process.SetAction(async (result, _) =>
{
    var exe = Path.GetFullPath(result.GetValue(processExeOption)!);
    if (result.GetValue(publishOption))
    {
        await Telemetry.Benchmarks.Measurement.AddonBuild.PublishAsync(Path.GetDirectoryName(exe)!, Console.Out);
    }

    var environment = (result.GetValue(envOption) ?? []).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    var settings = new Telemetry.Benchmarks.Measurement.ProcessRunSettings(
        result.GetValue(labelOption)!, TimeSpan.FromSeconds(result.GetValue(intervalOption)), result.GetValue(processCyclesOption), result.GetValue(processIdleOption),
        result.GetValue(packageEveryOption), environment, result.GetValue(probeOption), result.GetValue(probeFromOption), result.GetValue(probeCyclesOption),
        result.GetValue(apiOption), result.GetValue(historyOption));
    var results = new List<Telemetry.Benchmarks.Measurement.ProcessResult>();
    foreach (var name in result.GetValue(scalesOption)!)
    {
        var scale = Scale.Parse(name);
        var usageRows = result.GetValue(usageRowsOption) is { } given ? RowCount.Parse(given) : (long?)null;
        var layout = new AgentLayout(Path.Combine(Path.GetTempPath(), "thane-bench", "live-" + scale.Name + (usageRows is { } rows ? "-usage-" + RowCount.Short(rows) : "")));
        var fresh = File.Exists(Path.Combine(layout.Root, "bench-agent.json"))
            && TimeProvider.System.GetUtcNow() - layout.ReadManifest().End < TimeSpan.FromMinutes(result.GetValue(maxAgeOption));
        if (!fresh)
        {
            Console.WriteLine($"Generating {scale.Name} into {layout.Root}, history ending now");
            AgentGenerator.Generate(layout, scale, result.GetValue(seedOption), TextWriter.Null, TimeProvider.System.GetUtcNow(), usageRows);
        }

        results.Add(await new Telemetry.Benchmarks.Measurement.ProcessBenchmark(layout, exe, Console.Out).RunAsync(settings));
    }

    Console.WriteLine();
    Console.WriteLine("| variant | agent | interval | cold start (CPU by then) | package cycle (CPU) | cold / package (CPU) | CPU/cycle 3-14 | CPU/cycle steady | CPU/cycle idle | package / steady | steady RSS | peak RSS | restart (CPU) |");
    Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var line in results)
    {
        Console.WriteLine(line.TableRow());
    }

    return 0;
});

var smoke = new Command("smoke", "2,000 rows, three cycles: the kept figures equal a full read and the agent package's; exit 1 otherwise.");
smoke.SetAction((_, _) => Telemetry.Benchmarks.Measurement.Smoke.RunAsync(Console.Out));

process.Options.Add(seedOption);
var root = new RootCommand("Benchmarks for the telemetry add-on's collection against the agent package's own queries.")
{
    generate, cycles, addon, process, smoke, Telemetry.Benchmarks.Measurement.AgentApiCommand.Create(seedOption),
    Telemetry.Benchmarks.HistoryImport.HistoryCommands.History(seedOption), Telemetry.Benchmarks.HistoryImport.HistoryCommands.Pass(),
};
return await root.Parse(args).InvokeAsync();

static string DefaultDir(Scale scale) => scale.DefaultDir();
