namespace Telemetry.Sources;

/// <summary>A source whose readings carry <typeparamref name="TFigures"/>.</summary>
internal sealed class SourceKey<TFigures>(string name) : SourceKey(name)
    where TFigures : class;
