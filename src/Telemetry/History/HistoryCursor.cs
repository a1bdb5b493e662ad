using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>How far the history has been summed: every row stamped before <see cref="Through"/>, by model.</summary>
internal sealed record HistoryCursor(DateTimeOffset Through, IReadOnlyDictionary<string, UsageSums> ByModel);
