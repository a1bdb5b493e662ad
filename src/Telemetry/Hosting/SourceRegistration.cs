using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.HomeAssistant;
using Telemetry.Options;
using Telemetry.Sources;

namespace Telemetry.Hosting;

/// <summary>One source as the add-on registers it: its key, its sensor rows, and its reader for each way the agent is read.</summary>
/// <remarks>A source without a reader for the way in use is absent: its sensors are not announced (and removed if they were).</remarks>
internal abstract class SourceRegistration
{
    private protected SourceRegistration(SourceSensors sensors) => Sensors = sensors;

    public SourceSensors Sensors { get; }

    /// <summary>A source whose rows must all name <paramref name="key"/>; its readers follow.</summary>
    /// <param name="problemSensor">Whether it gets a problem sensor (<see cref="SourceSensors.ProblemSensor"/>).</param>
    public static SourceRegistration<TFigures> Of<TFigures>(SourceKey<TFigures> key, IReadOnlyList<Sensor<TFigures>> rows, bool problemSensor = true)
        where TFigures : class
    {
        if (rows.FirstOrDefault(r => r.Source != key) is { } stray)
        {
            throw new ArgumentException($"The row '{stray.Key}' names the source '{stray.Source}', not '{key}'.", nameof(rows));
        }

        return new SourceRegistration<TFigures>(key, new SourceSensors(key, rows, problemSensor));
    }

    /// <summary>Adds the source's reader for <paramref name="access"/> and its rows to the services.</summary>
    public abstract void AddTo(IServiceCollection services, AgentAccess access);
}

/// <inheritdoc/>
internal sealed class SourceRegistration<TFigures>(SourceKey<TFigures> key, SourceSensors sensors) : SourceRegistration(sensors)
    where TFigures : class
{
    private Func<IServiceProvider, IReader<TFigures>>? _files;
    private Func<IServiceProvider, IReader<TFigures>>? _api;

    /// <summary>Read by <typeparamref name="TReader"/> when the agent's files are on this machine.</summary>
    public SourceRegistration<TFigures> Files<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TReader>()
        where TReader : class, IReader<TFigures>
    {
        _files = provider => ActivatorUtilities.CreateInstance<TReader>(provider);
        return this;
    }

    /// <summary>Read by <typeparamref name="TReader"/> when the agent is read over its API only.</summary>
    public SourceRegistration<TFigures> Api<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TReader>()
        where TReader : class, IReader<TFigures>
    {
        _api = provider => ActivatorUtilities.CreateInstance<TReader>(provider);
        return this;
    }

    public override void AddTo(IServiceCollection services, AgentAccess access)
    {
        var reader = access.ReadsFiles ? _files : _api;
        var absent = access.ReadsFiles ? "the agent's files do not give it" : "the agent is read over its API, and only its files give it";
        services.AddSingleton<ISource>(provider => new Source<TFigures>(key, reader?.Invoke(provider) ?? new AbsentReader<TFigures>(absent)));
        services.AddSingleton(Sensors);
    }
}
