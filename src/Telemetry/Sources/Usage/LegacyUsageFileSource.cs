using Telemetry.Options;

namespace Telemetry.Sources.Usage;

/// <summary>The size of the legacy <c>usage.db</c>, which agents since 2026-03-30 no longer have.</summary>
/// <remarks>A missing file is <see cref="Reading{T}.Absent"/>, not a problem: it will never exist on a current agent.</remarks>
internal sealed class LegacyUsageFileSource(AgentPaths paths)
{
    public Task<Reading<LegacyUsageFile>> ReadAsync()
    {
        if (!File.Exists(paths.UsageDb))
        {
            return Task.FromResult(Reading<LegacyUsageFile>.Absent($"{paths.UsageDb} does not exist (agents since 2026-03-30 keep usage in thane.db)"));
        }

        return SourceRead.TryAsync(() => Task.FromResult(new LegacyUsageFile(AgentDatabase.FileSize(paths.UsageDb))));
    }
}
