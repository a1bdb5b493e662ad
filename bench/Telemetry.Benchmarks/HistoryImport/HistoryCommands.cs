using System.CommandLine;
using System.Globalization;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Generation;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>The <c>history</c> command, and the hidden command it runs its measured process with.</summary>
internal static class HistoryCommands
{
    public static Command History(Option<int> seedOption)
    {
        var days = new Option<int>("--days") { Description = "Days of history.", DefaultValueFactory = _ => 365 };
        var calls = new Option<int>("--calls-per-day") { Description = "LLM calls (usage rows) a day.", DefaultValueFactory = _ => 5_000 };
        var dir = new Option<string?>("--dir") { Description = "The agent directory (default /tmp/thane-bench/history-<days>d); made again unless it holds this history." };
        var hourly = new Option<int>("--hourly") { Description = "Hourly passes after the first.", DefaultValueFactory = _ => 10 };
        var cold = new Option<bool>("--cold-cache") { Description = "Take thane.db out of the page cache before the measured process starts." };
        var command = new Command("history", "The history import's first pass over a long usage history, and its hourly passes, measured in a process of their own against a Core stand-in.")
        {
            days, calls, dir, hourly, cold, seedOption,
        };
        command.SetAction((result, _) =>
        {
            var dayCount = result.GetValue(days);
            var settings = new HistoryRunSettings(
                result.GetValue(dir) ?? Path.Combine(Path.GetTempPath(), "thane-bench", $"history-{dayCount}d"), dayCount, result.GetValue(calls), result.GetValue(seedOption),
                AgentGenerator.DefaultEnd, result.GetValue(hourly), result.GetValue(cold));
            return HistoryBenchmark.RunAsync(settings, Console.Out);
        });
        return command;
    }

    public static Command Pass()
    {
        var dir = new Option<string>("--dir") { Required = true };
        var core = new Option<string>("--core") { Required = true };
        var end = new Option<string>("--end") { Required = true };
        var days = new Option<int>("--days") { Required = true };
        var hourly = new Option<int>("--hourly");
        var warmed = new Option<bool>("--warmed");
        var command = new Command(HistoryBenchmark.ChildCommand, "The process 'history' measures (started by it).") { dir, core, end, days, hourly, warmed };
        command.Hidden = true;
        command.SetAction((result, _) => HistoryChild.RunAsync(
            new AgentLayout(result.GetValue(dir)!), new Uri(result.GetValue(core)!), DateTimeOffset.Parse(result.GetValue(end)!, CultureInfo.InvariantCulture),
            result.GetValue(days), result.GetValue(hourly), result.GetValue(warmed), Console.Out));
        return command;
    }
}
