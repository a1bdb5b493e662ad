using Telemetry.Options;

namespace Telemetry.Sources.LegacyUsage;

/// <summary>Sizes the legacy <c>usage.db</c>; a missing file is <see cref="Reading{TFigures}.Absent"/>, not a problem: it will never exist on a current agent.</summary>
internal sealed class LegacyUsageReader(AgentPaths paths) : IReader<LegacyUsageFigures>
{
    public bool BlocksThread => false;

    public Task<Reading<LegacyUsageFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!File.Exists(paths.UsageDb))
        {
            return Task.FromResult(Reading<LegacyUsageFigures>.Absent($"{paths.UsageDb} does not exist (agents since 2026-03-30 keep usage in thane.db)"));
        }

        return SourceRead.TryAsync(() => Task.FromResult(new LegacyUsageFigures(AgentDatabase.FileSize(paths.UsageDb))));
    }
}
