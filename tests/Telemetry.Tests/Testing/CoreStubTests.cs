using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Telemetry.Testing.Core;
using static Telemetry.Tests.Testing.CoreStubMessages;

namespace Telemetry.Tests.Testing;

/// <summary>The Core stub speaks as the Supervisor's proxy and Core's recorder do.</summary>
public sealed class CoreStubTests : IAsyncLifetime
{
    private CoreStub _core = null!;

    public async Task InitializeAsync() => _core = await CoreStub.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Auth_RightToken_AuthOkWithTheCoreVersion()
    {
        // Given a client that reads the proxy's greeting
        using var client = await CoreTestClient.ConnectAsync(_core.WebSocketUrl);
        var greeting = await client.ReceiveAsync();

        // When it answers with the Supervisor token
        await client.SendAsync(new JsonObject { ["type"] = "auth", ["access_token"] = _core.Token });
        var answer = await client.ReceiveAsync();

        // Then the proxy asked for auth and accepted it, naming Core's version both times
        Assert.Equal("auth_required", (string?)greeting!["type"]);
        Assert.Equal("2026.12.0", (string?)greeting["ha_version"]);
        Assert.Equal("auth_ok", (string?)answer!["type"]);
        Assert.Equal("2026.12.0", (string?)answer["ha_version"]);
        Assert.Equal(1, _core.Connections);
    }

    [Fact]
    public async Task Auth_WrongToken_AuthInvalidThenClosed()
    {
        // Given / When a client authenticates with a token the Supervisor does not know
        var (client, answer) = await CoreTestClient.AuthenticateAsync(_core.WebSocketUrl, "not-the-token");
        using var _ = client;

        // Then it is told so, and the socket closes normally
        Assert.Equal("auth_invalid", (string?)answer["type"]);
        Assert.Equal("Invalid access", (string?)answer["message"]);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task ImportStatistics_HourlyRows_ReadBackThroughStatisticsDuringPeriod()
    {
        // Given an authenticated client
        var (client, _) = await CoreTestClient.AuthenticateAsync(_core.WebSocketUrl, _core.Token);
        using var _client = client;

        // When it imports two hours and reads them back
        var imported = await client.CommandAsync(Import(ModernMetadata(), Row("2026-03-01T10:00:00+00:00", 5, 5), Row("2026-03-01T11:00:00Z", 3, 8)));
        var applied = await _core.NextImportAsync(TimeSpan.FromSeconds(10));
        var read = await client.CommandAsync(HourlySince("2026-03-01T00:00:00Z"));

        // Then the import succeeded with no result, and the rows come back in Core's shape: milliseconds, sum and state only
        Assert.True((bool)imported["success"]!);
        Assert.Null(imported["result"]);
        Assert.Equal(StatisticId, (string?)applied["metadata"]!["statistic_id"]);
        var rows = read["result"]![StatisticId]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), (long)rows[0]!["start"]!);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), (long)rows[0]!["end"]!);
        Assert.Equal(8, (double)rows[1]!["sum"]!);
        Assert.Equal(["end", "start", "state", "sum"], rows[1]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(0, _core.DeprecationWarnings);
    }

    [Fact]
    public async Task ImportStatistics_SameHourAgain_ReplacesTheRow()
    {
        // Given an hour already imported
        var (client, _) = await CoreTestClient.AuthenticateAsync(_core.WebSocketUrl, _core.Token);
        using var _client = client;
        await client.CommandAsync(Import(ModernMetadata(), Row("2026-03-01T10:00:00Z", 5, 5)));

        // When the same hour is imported with other values
        await client.CommandAsync(Import(ModernMetadata(), Row("2026-03-01T10:00:00Z", 7, 7)));

        // Then the recorder holds one row for that hour, the new one
        var row = Assert.Single(_core.Rows(StatisticId));
        Assert.Equal(new StubStatisticRow(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), 7, 7), row);
    }

    [Fact]
    public async Task Send_MessageOfFourMebibytes_ClosedWithMessageTooBig()
    {
        // Given an authenticated client, and a message one byte under the proxy's limit that is answered
        var (client, _) = await CoreTestClient.AuthenticateAsync(_core.WebSocketUrl, _core.Token);
        using var _client = client;
        await client.SendTextAsync(Padded(1, StubSocket.MaxMessageBytes - 1));
        Assert.Equal("pong", (string?)(await client.ReceiveAsync())!["type"]);

        // When a message of exactly 4 MiB is sent
        await client.SendTextAsync(Padded(2, StubSocket.MaxMessageBytes));

        // Then the socket is closed with 1009, as aiohttp does
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        Assert.Equal(4 * 1024 * 1024, _core.LargestMessageBytes);
    }

    [Fact]
    public async Task Command_IdNotIncreasing_IdReuse()
    {
        // Given a command with id 5 answered
        var (client, _) = await CoreTestClient.AuthenticateAsync(_core.WebSocketUrl, _core.Token);
        using var _client = client;
        await client.SendAsync(new JsonObject { ["id"] = 5, ["type"] = "ping" });
        await client.ReceiveAsync();

        // When the next one reuses an id at or below it
        await client.SendAsync(new JsonObject { ["id"] = 5, ["type"] = "recorder/get_statistics_metadata" });
        var answer = await client.ReceiveAsync();

        // Then Core refuses it
        Assert.Equal("id_reuse", ErrorCode(answer!));
        Assert.Equal(["ping", "recorder/get_statistics_metadata"], _core.Commands);
    }

    private static string Padded(int id, int bytes)
    {
        var head = "{\"id\":" + id + ",\"type\":\"ping\",\"pad\":\"";
        return head + new string('x', bytes - head.Length - 2) + "\"}";
    }
}
