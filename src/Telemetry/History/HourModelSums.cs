using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>The usage rows of one model in one UTC hour.</summary>
/// <param name="Hour">The start of the hour, UTC.</param>
internal readonly record struct HourModelSums(DateTimeOffset Hour, string Model, UsageSums Sums);
