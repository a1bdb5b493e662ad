namespace Telemetry.Sources;

/// <summary>One source: its key and its reader, typed alike so that the reading always carries the key's figures.</summary>
internal sealed class Source<TFigures>(SourceKey<TFigures> key, IReader<TFigures> reader) : ISource
    where TFigures : class
{
    public SourceKey Key => key;

    public bool BlocksThread => reader.BlocksThread;

    public string? Note => reader.Note;

    public DateTimeOffset? NextCycleAt => reader.NextCycleAt;

    public async Task<Reading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => await reader.ReadAsync(now, cancellationToken);
}
