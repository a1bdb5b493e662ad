using System.CommandLine;
using Telemetry.Addon;

var optionsPath = new Option<string>("--options")
{
    Description = "The add-on options file the Supervisor writes.",
    DefaultValueFactory = _ => "/data/options.json",
};
var once = new Option<bool>("--once") { Description = "Collect and publish one cycle, then exit." };
var demo = new Option<bool>("--demo")
{
    Description = "Run against a generated sample agent and an embedded broker on 127.0.0.1:1883 (unless --options names a broker), printing each cycle.",
};
var api = new Option<bool>("--api") { Description = "With --demo: read the sample agent over its HTTP API only, as when it runs on another machine." };
var root = new RootCommand("Thane Telemetry: the Thane agent's metrics as Home Assistant sensors over MQTT discovery.") { optionsPath, once, demo, api };
root.SetAction((result, _) => AddonApp.RunAsync(new CommandLine(result.GetValue(optionsPath)!, result.GetValue(once), result.GetValue(demo), result.GetValue(api))));

// The generic host handles SIGTERM and Ctrl+C itself: publish offline, then exit 0.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
