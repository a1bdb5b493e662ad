using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Telemetry.Testing.Core;
using static Telemetry.Tests.Testing.CoreStubMessages;

namespace Telemetry.Tests.Testing;

/// <summary>The stub fails the ways the proxy and Core can, and answers the other recorder commands in Core's shapes.</summary>
public sealed class FaultsCoreStubTests : IAsyncLifetime
{
    private CoreStub _core = null!;
    private CoreTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _core = await CoreStub.StartAsync();
        (_client, _) = await CoreTestClient.AuthenticateAsync(_core.WebSocketUrl, _core.Token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task Auth_RefuseAuthFault_AuthInvalidEvenWithTheToken()
    {
        // Given a proxy that refuses the add-on
        _core.Fault = StubFault.RefuseAuth;

        // When the add-on authenticates with its token
        var (client, answer) = await CoreTestClient.AuthenticateAsync(_core.WebSocketUrl, _core.Token);
        using var refused = client;

        // Then it is refused
        Assert.Equal("auth_invalid", (string?)answer["type"]);
        Assert.Equal(2, _core.Connections);
    }

    [Fact]
    public async Task ImportStatistics_DropOnImport_SocketClosedAndNothingStored()
    {
        // Given Core going away when an import arrives
        _core.Fault = StubFault.DropOnImport;

        // When an import is sent
        await _client.SendAsync(Import(ModernMetadata(), Row("2026-03-01T10:00:00Z", 1, 1)));

        // Then the proxy closes the add-on's socket, and nothing was imported
        Assert.Null(await _client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, _client.CloseStatus);
        Assert.Empty(_core.Metadata);
        await Assert.ThrowsAsync<TimeoutException>(() => _core.NextImportAsync(TimeSpan.FromMilliseconds(50)));
    }

    [Theory]
    [InlineData(nameof(StubFault.NotAdmin), "unauthorized", "Unauthorized")]
    [InlineData(nameof(StubFault.RecorderError), "unknown_error", "Unknown error")]
    public async Task ImportStatistics_Fault_RefusedWithCoresCode(string fault, string code, string message)
    {
        // Given the fault
        _core.Fault = Enum.Parse<StubFault>(fault);

        // When a valid import is sent
        var answer = await _client.CommandAsync(Import(ModernMetadata(), Row("2026-03-01T10:00:00Z", 1, 1)));

        // Then it fails as Core answers it
        Assert.Equal(code, ErrorCode(answer));
        Assert.Equal(message, (string?)answer["error"]!["message"]);
    }

    [Fact]
    public async Task GetStatisticsMetadata_AfterImport_ListsItInCoresShape()
    {
        // Given an imported statistic
        await _client.CommandAsync(Import(ModernMetadata(), Row("2026-03-01T10:00:00Z", 1, 1)));

        // When its metadata is asked for
        var answer = await _client.CommandAsync(new() { ["type"] = "recorder/get_statistics_metadata", ["statistic_ids"] = new JsonArray(StatisticId) });

        // Then it comes as recorder/statistics.py lists it (has_mean, deprecated, is left out from 2026.11 on)
        var item = Assert.Single(answer["result"]!.AsArray())!.AsObject();
        Assert.Equal(StatisticId, (string?)item["statistic_id"]);
        Assert.Equal(0, (int)item["mean_type"]!);
        Assert.False(item.ContainsKey("has_mean"));
        Assert.True((bool)item["has_sum"]!);
        Assert.Equal("tokens", (string?)item["statistics_unit_of_measurement"]);
        Assert.Null(item["unit_class"]);
    }

    [Fact]
    public async Task ClearStatistics_AfterImport_NothingLeftToRead()
    {
        // Given an imported statistic
        await _client.CommandAsync(Import(ModernMetadata(), Row("2026-03-01T10:00:00Z", 1, 1)));

        // When it is cleared
        var cleared = await _client.CommandAsync(new() { ["type"] = "recorder/clear_statistics", ["statistic_ids"] = new JsonArray(StatisticId) });
        var read = await _client.CommandAsync(HourlySince("2026-03-01T00:00:00Z"));

        // Then a read finds nothing: Core leaves a statistic with no rows out of the answer
        Assert.True((bool)cleared["success"]!);
        Assert.Empty(read["result"]!.AsObject());
        Assert.Empty(_core.Metadata);
    }
}
