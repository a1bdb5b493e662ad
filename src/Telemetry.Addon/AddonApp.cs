using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Telemetry.Sources.AgentApi;
using Telemetry.Addon.Demo;
using Telemetry.Hosting;
using Telemetry.Options;
using Telemetry.Supervisor;

namespace Telemetry.Addon;

/// <summary>The composition root: read options, build the host, run it.</summary>
internal static class AddonApp
{
    /// <summary>Exit code for options the program cannot run with.</summary>
    public const int InvalidOptionsExitCode = 2;

    public static async Task<int> RunAsync(CommandLine command)
    {
        TelemetryOptions options;
        AgentAccess? access = null;
        try
        {
            options = ReadOptions(command);
            if (!command.Demo)
            {
                access = OptionsParser.Validate(options);
            }
        }
        catch (InvalidOptionException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return InvalidOptionsExitCode;
        }

        await using var demo = command.Demo ? await DemoSetup.StartAsync(options, command.Api) : null;
        var settings = new TelemetryHostSettings(
            StateDirectory: demo?.StateDirectory ?? Path.GetDirectoryName(Path.GetFullPath(command.OptionsPath))!,
            RunOnce: command.Once,
            Supervisor: SupervisorEndpoint.FromEnvironment());

        // The demo decides for itself which way its sample agent is read.
        using var host = demo is not null ? BuildHost(demo.Options, demo.Access, settings, demo) : BuildHost(options, access!, settings);
        var exit = host.Services.GetRequiredService<ExitStatus>();
        await host.RunAsync();
        return exit.Code;
    }

    /// <param name="configure">Lets tests replace services (a fake clock) after the add-on's own registrations.</param>
    internal static IHost BuildHost(TelemetryOptions options, AgentAccess access, TelemetryHostSettings settings, DemoSetup? demo = null, Action<IServiceCollection>? configure = null)
    {
        // No default configuration sources: the options come from options.json, and the defaults' file watcher
        // would watch the whole working directory (the container root, /share included).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "thane-telemetry", DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.FormatterName = AddonConsoleFormatter.FormatterName);
        // Registered directly: AddConsoleFormatter<,> binds options by reflection, which trimming warns about (IL2026),
        // and this formatter has no options.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, AddonConsoleFormatter>());
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // Framework chatter (HTTP request lines, host lifetime) would drown the add-on's own events.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(4));
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);

        builder.Services.AddTelemetry(options, access, settings);
        if (demo is not null)
        {
            builder.Services.AddHttpClient(AgentApiClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => demo.Api);
            builder.Services.AddSingleton<ICycleObserver>(new DemoTable(options.DeviceName, Console.Out));
        }

        configure?.Invoke(builder.Services);

        return builder.Build();
    }

    private static TelemetryOptions ReadOptions(CommandLine command)
    {
        if (!File.Exists(command.OptionsPath))
        {
            // The demo needs no options file; one may still name a broker.
            return command.Demo
                ? OptionsParser.Parse("{}")
                : throw InvalidOptionException.ForOption("--options", $"{command.OptionsPath} does not exist (run as a Home Assistant add-on, pass --options FILE, or try --demo)");
        }

        string json;
        try
        {
            json = File.ReadAllText(command.OptionsPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw InvalidOptionException.ForFile(command.OptionsPath, $"cannot be read: {ex.Message}");
        }

        return OptionsParser.Parse(json, command.OptionsPath);
    }
}
