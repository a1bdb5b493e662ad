using Telemetry.AgentSimulator;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Sources.Main;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 5: the agent's folder is mounted read-only, as the Supervisor mounts <c>share</c>.</summary>
public sealed class ReadOnlyMountTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReadOnlyMount_AgentRunningWithWalAndShm_ReadsCurrentDataIncludingTheWal()
    {
        // Given a running agent whose newest rows are only in the WAL
        await using var agent = await SeededAgent.CreateAsync();
        agent.Directory.AddSession("only-in-wal", AgentTime.Rfc3339Nano(TimeProvider.System.GetUtcNow()));
        Assert.True(File.Exists(agent.Directory.MainDb + "-wal") && File.Exists(agent.Directory.MainDb + "-shm"));
        using var mount = ReadOnlyMount.Of(agent.Directory.Root);

        // When the add-on reads the read-only mount
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl) with { ThaneDir = mount.Path }, broker, AddonEndToEndTests.StateDirectory());

        // Then it sees the WAL's rows
        await ExpectAsync(addon, "active_sessions", "4");
        await ExpectAsync(addon, "requests_24h", "2");
    }

    [Fact]
    public async Task ReadOnlyMount_AgentStoppedWithoutWalOrShm_ReadsTheMainFilesExactly()
    {
        // Given a cleanly stopped agent: everything checkpointed, no -wal or -shm to be found or created
        await using var agent = await SeededAgent.CreateAsync();
        agent.Directory.CloseWriters();
        Assert.False(File.Exists(agent.Directory.MainDb + "-shm"));
        using var mount = ReadOnlyMount.Of(agent.Directory.Root);

        // When the add-on reads the read-only mount
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl) with { ThaneDir = mount.Path }, broker, AddonEndToEndTests.StateDirectory());

        // Then every database is read
        await ExpectAsync(addon, "active_sessions", "3");
        await ExpectAsync(addon, "tokens_24h_input", "1500");
        await ExpectAsync(addon, "errors_24h", "1");
        await ExpectAsync(addon, "attachments_total", "4");
    }

    [Fact]
    public async Task ReadOnlyMount_WalWithoutShm_SaysWhatToChangeInsteadOfReadingStaleData()
    {
        // Given a copy of a database whose WAL holds rows but whose -shm is gone, on a read-only mount
        await using var agent = await SeededAgent.CreateAsync();
        var copy = Path.Combine(Path.GetTempPath(), "thane-walcopy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(copy, "db"));
        File.Copy(agent.Directory.MainDb, Path.Combine(copy, "db", "thane.db"));
        File.Copy(agent.Directory.MainDb + "-wal", Path.Combine(copy, "db", "thane.db-wal"));
        using var mount = ReadOnlyMount.Of(copy);
        var logs = new CapturedLogs();

        // When the add-on reads it
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl) with { ThaneDir = mount.Path }, broker, AddonEndToEndTests.StateDirectory(), logs: logs);
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.SourceAvailability(MainSource.Key));

        // Then main is unavailable and the log names the missing -shm and the remedy
        await probe.WaitForAsync(m => m.Payload == "offline", Bound);
        Assert.Contains(logs.Lines, l => l.EventId == 11 && l.Text.Contains("thane.db-shm is missing", StringComparison.Ordinal) && l.Text.Contains("start the agent", StringComparison.Ordinal));
    }

    private async Task ExpectAsync(AddonHost addon, string suffix, string payload)
    {
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.State(suffix));
        await probe.WaitForAsync(m => m.Payload == payload, Bound);
    }
}
