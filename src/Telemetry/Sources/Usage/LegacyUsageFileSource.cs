using Telemetry.Options;

namespace Telemetry.Sources.Usage;

/// <summary>The size of the legacy <c>usage.db</c>, which agents since 2026-03-30 no longer have.</summary>
internal sealed class LegacyUsageFileSource(AgentPaths paths)
{
    public Task<Reading<LegacyUsageFile>> ReadAsync() => SourceRead.TryAsync(() => File.Exists(paths.UsageDb)
        ? Task.FromResult(new LegacyUsageFile(AgentDatabase.FileSize(paths.UsageDb)))
        : throw new SourceUnavailableException($"{paths.UsageDb} does not exist (agents since 2026-03-30 keep usage in thane.db)"));
}
