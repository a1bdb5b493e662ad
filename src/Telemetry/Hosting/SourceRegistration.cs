using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.HomeAssistant;
using Telemetry.Sources;

namespace Telemetry.Hosting;

/// <summary>One source as the add-on registers it: its key, its sensor rows, and how its reader is made.</summary>
internal sealed class SourceRegistration
{
    private readonly Func<IServiceProvider, ISource> _create;

    private SourceRegistration(SourceSensors sensors, Func<IServiceProvider, ISource> create)
    {
        Sensors = sensors;
        _create = create;
    }

    public SourceSensors Sensors { get; }

    /// <summary>A source read by <typeparamref name="TReader"/>, made by dependency injection; its rows must all name <paramref name="key"/>.</summary>
    public static SourceRegistration Of<TFigures, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TReader>(
        SourceKey<TFigures> key, IReadOnlyList<Sensor<TFigures>> rows)
        where TFigures : class
        where TReader : class, IReader<TFigures>
    {
        if (rows.FirstOrDefault(r => r.Source != key) is { } stray)
        {
            throw new ArgumentException($"The row '{stray.Key}' names the source '{stray.Source}', not '{key}'.", nameof(rows));
        }

        return new(new SourceSensors(key, rows), provider => new Source<TFigures>(key, ActivatorUtilities.CreateInstance<TReader>(provider)));
    }

    /// <summary>Adds the source's reader and rows to the services.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(_create);
        services.AddSingleton(Sensors);
    }
}
