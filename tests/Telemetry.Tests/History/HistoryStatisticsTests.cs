using System.Text.RegularExpressions;
using Telemetry.History;
using Telemetry.Sources.Usage;

namespace Telemetry.Tests.History;

/// <summary>The external statistic ids: what Core accepts, stable, and carrying the device name.</summary>
public sealed partial class HistoryStatisticsTests
{
    [Fact]
    public void For_DeviceAndModels_IdsCoreAcceptsWithTheDeviceAndTheModelsAsDocumented()
    {
        // When
        var statistics = HistoryStatistics.For("Thane-Office", ["anthropic/claude-sonnet-4-5", "ollama/qwen3:32b", "", "a__b__"]);

        // Then every id passes Core's check (recorder/statistics.py VALID_STATISTIC_ID) and names the device
        Assert.All(statistics, s => Assert.Matches(ValidStatisticId(), s.Id));
        Assert.All(statistics, s => Assert.StartsWith("thane_telemetry:thane_office_", s.Id, StringComparison.Ordinal));
        Assert.Contains("thane_telemetry:thane_office_cost_model_anthropic_claude_sonnet_4_5", statistics.Select(s => s.Id));
        Assert.Contains("thane_telemetry:thane_office_cost_model_ollama_qwen3_32b", statistics.Select(s => s.Id));
        Assert.Equal(statistics.Count, statistics.Select(s => s.Id).Distinct().Count());
        Assert.Equal("thane_telemetry:thane_office_cost_other_models", statistics[^1].Id);
    }

    [Fact]
    public void Models_ANewCostlyModel_JoinsTheRememberedUpToTheCapAndNoneIsDropped()
    {
        // Given eight remembered models and a costlier newcomer
        var remembered = Enumerable.Range(1, 8).Select(i => $"m{i}").ToList();
        var lifetime = new Dictionary<string, UsageSums> { ["new"] = new(1, 0, 0, 0, 0, 1_000_000_000), ["m1"] = new(1, 0, 0, 0, 0, 1) };

        // When
        var models = HistoryStatistics.Models(remembered, lifetime);

        // Then the remembered keep their statistics, and the newcomer waits in "other models"
        Assert.Equal(remembered, models);
        Assert.Equal(["new", "m1"], HistoryStatistics.Models([], lifetime));
    }

    [GeneratedRegex(@"^(?!.+__)(?!_)[\da-z_]+(?<!_):(?!_)[\da-z_]+(?<!_)$")]
    private static partial Regex ValidStatisticId();
}
