using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>The import's cursor as kept in the state folder, so that a restart reads only the rows since it.</summary>
/// <param name="First">The first usage row's hour: where the statistics begin.</param>
/// <param name="Through">Every row stamped before this is summed in <paramref name="ByModel"/>.</param>
internal sealed record KeptCursor(DateTimeOffset First, DateTimeOffset Through, Dictionary<string, UsageSums> ByModel)
{
    /// <summary>The rows summed: compared with the rows the database holds before <see cref="Through"/>, as a check that it is the same history.</summary>
    public long Rows => ByModel.Values.Sum(s => s.Rows);
}
