namespace Telemetry.Sources;

/// <summary>A source that cannot be read now (missing file, missing table); caught where the source is read.</summary>
internal sealed class SourceUnavailableException(string message) : Exception(message);
