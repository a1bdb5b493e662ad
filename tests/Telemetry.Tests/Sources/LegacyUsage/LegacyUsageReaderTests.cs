using Telemetry.Options;
using Telemetry.Sources.LegacyUsage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.LegacyUsage;

/// <summary>The legacy <c>usage.db</c>, which agents since 2026-03-30 no longer have (thane-data-sources §0.1).</summary>
public sealed class LegacyUsageReaderTests
{
    [Fact]
    public async Task LegacyUsageReadAsync_FilePresent_GivesItsSize()
    {
        // Given an old agent's usage.db
        using var agent = AgentDirectory.CreateEmpty();
        agent.AddUsage("2026-03-01T10:00:00Z", "m", input: 1, output: 1, cost: 0, database: agent.UsageDb);
        agent.Checkpoint(agent.UsageDb);

        // When
        var reading = await new LegacyUsageReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.True(reading.Value is not null, reading.Problem);
        Assert.Equal(new FileInfo(agent.UsageDb).Length, reading.Value!.FileBytes);
        Assert.True(reading.Value.FileBytes > 0);
    }

    [Fact]
    public async Task LegacyUsageReadAsync_FileAbsent_IsAbsentNotZero()
    {
        // Given a current agent, which no longer has usage.db
        using var agent = AgentDirectory.CreateCurrent();

        // When
        var reading = await new LegacyUsageReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.True(reading.IsAbsent);
        Assert.Null(reading.Value);
        Assert.Contains("usage.db", reading.Problem, StringComparison.Ordinal);
    }
}
