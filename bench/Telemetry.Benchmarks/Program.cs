using Telemetry.AgentSimulator;
using System.CommandLine;
using System.Globalization;
using Telemetry.Benchmarks.Generation;

var scaleOption = new Option<string>("--scale") { Description = "100k, 1m, 5m or 2k.", DefaultValueFactory = _ => "100k" };
var dirOption = new Option<string?>("--dir") { Description = "The agent directory (default /tmp/thane-bench/<scale>)." };
var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 20261102 };

var endOption = new Option<string?>("--end") { Description = "When the history ends: 'now' for the add-on process runs (real clock); default 2026-11-02T12:00:00Z." };
var generate = new Command("generate", "Write an agent directory with 7 days of history at a scale.") { scaleOption, dirOption, seedOption, endOption };
generate.SetAction(result =>
{
    var scale = Scale.Parse(result.GetValue(scaleOption)!);
    var layout = new AgentLayout(result.GetValue(dirOption) ?? DefaultDir(scale));
    Console.WriteLine($"Generating {scale.Name} into {layout.Root}");
    DateTimeOffset? end = result.GetValue(endOption) switch
    {
        null => null,
        "now" => TimeProvider.System.GetUtcNow(),
        var text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture),
    };
    var manifest = AgentGenerator.Generate(layout, scale, result.GetValue(seedOption), Console.Out, end);
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
    var dirs = result.GetValue(dirsOption) is { Length: > 0 } given ? given : Scale.Presets.Where(s => s != Scale.Smoke).Select(DefaultDir).ToArray();
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

var smoke = new Command("smoke", "2,000 rows, three cycles: the kept figures equal a full read and the agent package's; exit 1 otherwise.");
smoke.SetAction((_, _) => Telemetry.Benchmarks.Measurement.Smoke.RunAsync(Console.Out));

var root = new RootCommand("Benchmarks for the telemetry add-on's collection against the agent package's own queries.") { generate, cycles, addon, smoke };
return await root.Parse(args).InvokeAsync();

static string DefaultDir(Scale scale) => Path.Combine(Path.GetTempPath(), "thane-bench", scale.Name);
