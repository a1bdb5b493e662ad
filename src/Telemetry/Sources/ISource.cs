namespace Telemetry.Sources;

/// <summary>A registered source as the collector sees it: its key and one read per cycle.</summary>
internal interface ISource
{
    SourceKey Key { get; }

    /// <inheritdoc cref="IReader{TFigures}.BlocksThread"/>
    bool BlocksThread { get; }

    /// <inheritdoc cref="IReader{TFigures}.Note"/>
    string? Note { get; }

    /// <inheritdoc cref="IReader{TFigures}.NextCycleAt"/>
    DateTimeOffset? NextCycleAt { get; }

    /// <summary>A reading whose figures are those of <see cref="Key"/>.</summary>
    Task<Reading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
