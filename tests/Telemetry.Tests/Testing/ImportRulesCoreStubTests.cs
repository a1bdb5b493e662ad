using System.Text.Json.Nodes;
using Telemetry.Testing.Core;
using static Telemetry.Tests.Testing.CoreStubMessages;

namespace Telemetry.Tests.Testing;

/// <summary>The stub refuses an import where Core would, per Core release.</summary>
public sealed class ImportRulesCoreStubTests
{
    private static JsonObject OnTheHour => Row("2026-03-01T10:00:00Z", 1, 1);

    [Fact]
    public async Task ImportStatistics_OldCoreGivenMeanType_InvalidFormat()
    {
        // Given Core 2025.10, whose schema has no mean_type or unit_class
        // When the modern metadata is imported
        var answer = await ImportAsync("2025.10.3", Import(ModernMetadata(), OnTheHour));

        // Then voluptuous refuses both keys as extra, and nothing is stored
        Assert.Equal("invalid_format", ErrorCode(answer.Result));
        Assert.Contains("extra keys not allowed @ data['metadata']['mean_type']. Got 0", (string?)answer.Result["error"]!["message"], StringComparison.Ordinal);
        Assert.Contains("required key not provided @ data['metadata']['has_mean']. Got None", (string?)answer.Result["error"]!["message"], StringComparison.Ordinal);
        Assert.Empty(answer.Core.Metadata);
    }

    [Fact]
    public async Task ImportStatistics_OldCoreGivenHasMean_Accepted()
    {
        // Given Core 2025.10 / When the legacy metadata is imported
        var answer = await ImportAsync("2025.10.3", Import(LegacyMetadata(), OnTheHour));

        // Then it is stored, with no mean
        Assert.True((bool)answer.Result["success"]!);
        Assert.Equal(0, answer.Core.Metadata[StatisticId].MeanType);
    }

    [Fact]
    public async Task ImportStatistics_CoreBefore202611GivenHasMeanOnly_AcceptedWithTwoWarnings()
    {
        // Given Core 2026.10 / When the legacy metadata is imported
        var answer = await ImportAsync("2026.10.1", Import(LegacyMetadata(), OnTheHour));

        // Then it is accepted, and Core logs that mean_type and unit_class are missing
        Assert.True((bool)answer.Result["success"]!);
        Assert.Equal(2, answer.Core.DeprecationWarnings);
    }

    [Fact]
    public async Task ImportStatistics_Core202611GivenHasMeanOnly_InvalidFormat()
    {
        // Given Core 2026.11, from which leaving out mean_type and unit_class "will stop working"
        // When the legacy metadata is imported
        var answer = await ImportAsync("2026.11.0", Import(LegacyMetadata(), OnTheHour));

        // Then it is refused
        Assert.Equal("invalid_format", ErrorCode(answer.Result));
    }

    [Theory]
    [InlineData("Telemetry:tokens", "Telemetry", "Invalid statistic_id")]
    [InlineData("telemetry:tokens__total", "telemetry", "Invalid statistic_id")]
    [InlineData("telemetry:tokens", "other", "Invalid source")]
    [InlineData("sensor.tokens", "telemetry", "Invalid source")]
    public async Task ImportStatistics_BadIdOrSource_RefusedWithCoresError(string statisticId, string source, string message)
    {
        // Given / When an import whose id or source Core's recorder refuses
        var answer = await ImportAsync("2026.12.0", Import(ModernMetadata(statisticId, source), OnTheHour));

        // Then Core's HomeAssistantError comes back (the schema accepted it: not invalid_format)
        Assert.Equal("home_assistant_error", ErrorCode(answer.Result));
        Assert.Equal(message, (string?)answer.Result["error"]!["message"]);
    }

    [Theory]
    [InlineData("2026-03-01T10:30:00Z", "Invalid timestamp: timestamps must be from the top of the hour (minutes and seconds = 0)")]
    [InlineData("2026-03-01T10:00:00", "Naive timestamp: no or invalid timezone info provided")]
    public async Task ImportStatistics_StartNotAWholeZonedHour_Refused(string start, string message)
    {
        // Given / When a row starting off the hour, or without a zone
        var answer = await ImportAsync("2026.12.0", Import(ModernMetadata(), Row(start, 1, 1)));

        // Then the recorder refuses the whole import
        Assert.Equal("home_assistant_error", ErrorCode(answer.Result));
        Assert.Equal(message, (string?)answer.Result["error"]!["message"]);
        Assert.Empty(answer.Core.Rows(StatisticId));
    }

    [Fact]
    public async Task ImportStatistics_StartNotATimestamp_InvalidFormat()
    {
        // Given / When a row whose start cv.datetime cannot read
        var answer = await ImportAsync("2026.12.0", Import(ModernMetadata(), Row("yesterday", 1, 1)));

        // Then the schema refuses it
        Assert.Equal("invalid_format", ErrorCode(answer.Result));
        Assert.Equal("Invalid datetime specified: yesterday @ data['stats'][0]['start']. Got 'yesterday'", (string?)answer.Result["error"]!["message"]);
    }

    private static async Task<(JsonObject Result, CoreStub Core)> ImportAsync(string haVersion, JsonObject import)
    {
        // The stub is stopped before the caller looks at what it stored, which stays readable.
        var core = await CoreStub.StartAsync(haVersion);
        await using var stopped = core;
        var (client, _) = await CoreTestClient.AuthenticateAsync(core.WebSocketUrl, core.Token);
        using var connected = client;
        return (await client.CommandAsync(import), core);
    }
}
