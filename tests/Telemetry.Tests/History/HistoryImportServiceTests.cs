using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telemetry.History;
using Telemetry.Options;
using Telemetry.Supervisor;
using Telemetry.Testing;
using Telemetry.Testing.Core;

namespace Telemetry.Tests.History;

/// <summary>The import beside the add-on: failures are a status and a log line, retried with backoff; and no import at all where it cannot be.</summary>
public sealed class HistoryImportServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 20, 0, TimeSpan.Zero);

    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly string _state = Directory.CreateTempSubdirectory("thane-history-").FullName;
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly CapturedLogs _logs = new();
    private CoreStub _core = null!;

    public async Task InitializeAsync()
    {
        for (var at = Now.AddDays(-3); at < Now; at = at.AddMinutes(41))
        {
            AgentUsageRows.Add(_agent, at, (int)(Now - at).TotalMinutes);
        }

        _core = await CoreStub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _core.DisposeAsync();
        _agent.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task ExecuteAsync_CoreRefusesTwiceThenAccepts_FailedWithItsReasonLoggedOnceRetriedWithBackoffThenUpToDate()
    {
        // Given a Home Assistant that refuses the add-on's token
        _core.Fault = StubFault.RefuseAuth;
        var (service, state) = Create(new HistoryImportState());

        // When the add-on starts, and the first retry (30 s later) is refused too
        await service.StartAsync(CancellationToken.None);
        await _logs.WaitForAsync(63, Bound, "auth_invalid");
        Assert.Equal(HistoryImportStatus.Failed, state.Status.State);
        Assert.Contains("auth_invalid", state.Status.Problem, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await _logs.WaitForAsync(67, Bound);

        // When Home Assistant accepts it, and the next retry comes 60 s later
        _core.Fault = StubFault.None;
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, _logs.Count(62));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _logs.WaitForAsync(62, Bound);

        // Then one warning for the two refusals, and the history is in
        Assert.Equal(1, _logs.Count(63));
        Assert.Equal(HistoryImportStatus.UpToDate, state.Status.State);
        Assert.Null(state.Status.Problem);
        Assert.NotEmpty(_core.Rows("thane_telemetry:thane_cost"));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_NoImportForThisAddon_SaysWhyAndNeverConnects()
    {
        // Given an add-on whose agent is read over its API
        var (service, _) = Create(new HistoryImportState { Absent = "the agent is read over its API" });

        // When
        await service.StartAsync(CancellationToken.None);
        await _logs.WaitForAsync(64, Bound, "the agent is read over its API");
        await service.StopAsync(CancellationToken.None);

        // Then
        Assert.Equal(0, _core.Connections);
    }

    [Fact]
    public async Task ExecuteAsync_ImportOffAndRebuildOn_RemovesTheStatisticsOnceAndImportsNothing()
    {
        // Given imported statistics, then the import turned off and history_rebuild on
        var (first, _) = Create(new HistoryImportState());
        await first.StartAsync(CancellationToken.None);
        await _logs.WaitForAsync(62, Bound);
        await first.StopAsync(CancellationToken.None);
        Assert.NotEmpty(_core.Metadata);
        var removing = new HistoryImportState { Absent = "history_import is off", RemoveOnly = true };

        // When the add-on starts that way, twice
        var (service, _) = Create(removing);
        await service.StartAsync(CancellationToken.None);
        await _logs.WaitForAsync(65, Bound);
        await service.ExecuteTask!;
        var (again, _) = Create(removing);
        await again.StartAsync(CancellationToken.None);
        await again.ExecuteTask!;

        // Then Home Assistant holds none of them, removed once, and nothing was imported again
        Assert.Empty(_core.Metadata);
        Assert.Equal(1, _core.Commands.Count(c => c == StatisticsCommands.Clear));
        Assert.Equal(1, _logs.Count(65));
    }

    [Fact]
    public async Task ExecuteAsync_FirstCycleNotYetRead_WaitsForItThenImports()
    {
        // Given the add-on's first cycle still reading its sources
        var gate = new FirstCycleGate();
        var (service, state) = Create(new HistoryImportState(), gate);

        // When the import starts
        await service.StartAsync(CancellationToken.None);

        // Then it has not connected to Home Assistant yet; once the cycle has read, it imports and is up to date
        Assert.False(gate.Passed.IsCompleted);
        Assert.Equal(0, _logs.Count(60));
        gate.Open();
        await _logs.WaitForAsync(62, Bound);
        Assert.Equal(HistoryImportStatus.UpToDate, state.Status.State);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void CoreWebSocket_SupervisorsUrl_IsTheProxysWebsocket()
    {
        Assert.Equal(new Uri("ws://supervisor/core/websocket"), HistoryImportService.CoreWebSocket(new Uri("http://supervisor")));
    }

    private (HistoryImportService, HistoryImportState) Create(HistoryImportState state, FirstCycleGate? gate = null)
    {
        var options = _agent.Options();
        var settings = new HistoryImportSettings { PauseBetweenChunks = TimeSpan.Zero };
        var importer = new HistoryImporter(AgentPaths.From(options), options, new HistoryMemory(Path.Combine(_state, HistoryMemory.FileName), NullLogger<HistoryMemory>.Instance),
            state, settings, _clock, _logs.For<HistoryImporter>());
        var supervisor = new SupervisorEndpoint(new Uri(_core.WebSocketUrl.GetLeftPart(UriPartial.Authority).Replace("ws://", "http://", StringComparison.Ordinal)), _core.Token);
        return (new HistoryImportService(importer, state, supervisor, settings, _clock, _logs.For<HistoryImportService>(), gate), state);
    }
}
