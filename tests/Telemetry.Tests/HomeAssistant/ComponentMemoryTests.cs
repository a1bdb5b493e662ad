using System.Text.Json;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Sources.Loops;
using Telemetry.Testing;

namespace Telemetry.Tests.HomeAssistant;

/// <summary>What the add-on announced survives a restart (in its state folder), so what vanished meanwhile is still removed.</summary>
public sealed class ComponentMemoryTests : IDisposable
{
    private static readonly LoopInfo EmailPoll = new("1", "email_poll", "sleeping", 7);
    private static readonly LoopInfo Digest = new("2", "nightly-digest", "sleeping", 1);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("thane-state-").FullName;
    private readonly RecordingSink _sink = new();
    private readonly TestHomeAssistant _homeAssistant;

    public ComponentMemoryTests() => _homeAssistant = new TestHomeAssistant(_sink, stateDirectory: _stateDirectory);

    private string MemoryFile => Path.Combine(_stateDirectory, ComponentMemory.FileName);

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    [Fact]
    public async Task PublishAsync_LoopRemovedWhileStopped_IsAnnouncedRemovedOnTheFirstPublishAfterTheRestart()
    {
        // Given a run that announced two loops
        await _homeAssistant.Publisher.PublishAsync(TestReadings.Create([EmailPoll, Digest]), PublishMode.Everything, CancellationToken.None);

        // When the add-on restarts and the agent has only one of them left
        var restarted = new RecordingSink();
        await _homeAssistant.CreatePublisher(restarted, _stateDirectory).PublishAsync(TestReadings.Create([EmailPoll]), PublishMode.Everything, CancellationToken.None);

        // Then the first discovery payload removes the gone loop's components (platform only), the next leaves them out
        var discoveries = restarted.Sent.Where(m => m.Topic == _homeAssistant.Topics.Discovery).Select(m => m.Payload).ToList();
        Assert.Equal(2, discoveries.Count);
        Assert.Equal(["platform"], Component(discoveries[0], "loop_nightly_digest_state")!.Value.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["platform"], Component(discoveries[0], "loop_nightly_digest_iterations")!.Value.EnumerateObject().Select(p => p.Name));
        Assert.Null(Component(discoveries[1], "loop_nightly_digest_state"));
        Assert.NotNull(Component(discoveries[1], "loop_email_poll_state"));
        Assert.Equal("", restarted.Last(_homeAssistant.Topics.State("loop_nightly_digest_state")));
    }

    [Fact]
    public async Task PublishAsync_AgentApiDownAfterTheRestart_RemembersTheLoopsInsteadOfRemovingThem()
    {
        // Given a run that announced a loop, then a restart while the agent's API is down
        await _homeAssistant.Publisher.PublishAsync(TestReadings.Create([EmailPoll]), PublishMode.Everything, CancellationToken.None);
        var restarted = new RecordingSink();
        var publisher = _homeAssistant.CreatePublisher(restarted, _stateDirectory);
        await publisher.PublishAsync(TestReadings.Create(loops: null), PublishMode.Everything, CancellationToken.None);

        // When the API is back without that loop
        await publisher.PublishAsync(TestReadings.Create([]), PublishMode.Changes, CancellationToken.None);

        // Then nothing was removed while it was down, and the loop is removed once the API says it is gone
        var discoveries = restarted.Sent.Where(m => m.Topic == _homeAssistant.Topics.Discovery).Select(m => m.Payload).ToList();
        Assert.Null(Component(discoveries[0], "loop_email_poll_state"));
        Assert.Equal(["platform"], Component(discoveries[1], "loop_email_poll_state")!.Value.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task PublishAsync_StoppedBeforeTheDiscoveryWasAcknowledged_StillRemovesTheLoopAfterTheRestart()
    {
        // Given a run whose discovery payload, announcing a new loop, never came back acknowledged
        _sink.FailOnPublish = 1;
        await Assert.ThrowsAsync<BrokerUnavailableException>(() =>
            _homeAssistant.Publisher.PublishAsync(TestReadings.Create([EmailPoll, Digest]), PublishMode.Everything, CancellationToken.None));

        // When the add-on restarts and that loop is gone
        var restarted = new RecordingSink();
        await _homeAssistant.CreatePublisher(restarted, _stateDirectory).PublishAsync(TestReadings.Create([EmailPoll]), PublishMode.Everything, CancellationToken.None);

        // Then Home Assistant, which may have it, is told to remove it
        var first = restarted.Sent.First(m => m.Topic == _homeAssistant.Topics.Discovery).Payload;
        Assert.Equal(["platform"], Component(first, "loop_nightly_digest_state")!.Value.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("""[{"key": 42}]""")]
    [InlineData("""[{"key": "loop_x_state", "platform": "sensor", "source": "no-such-source"}]""")]
    [InlineData("")]
    public async Task PublishAsync_MemoryFileCorrupt_StartsCleanAndWritesAUsableFile(string content)
    {
        // Given a damaged memory file
        await File.WriteAllTextAsync(MemoryFile, content);

        // When the add-on starts
        await _homeAssistant.Publisher.PublishAsync(TestReadings.Create([EmailPoll]), PublishMode.Everything, CancellationToken.None);

        // Then it published normally, removed nothing, and the file now lists what it announced
        var discovery = _sink.Last(_homeAssistant.Topics.Discovery)!;
        Assert.NotNull(Component(discovery, "loop_email_poll_state"));
        Assert.Single(_sink.Sent, m => m.Topic == _homeAssistant.Topics.Discovery);
        using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(MemoryFile));
        Assert.Contains(saved.RootElement.EnumerateArray(), e => e.GetProperty("key").GetString() == "loop_email_poll_state" && e.GetProperty("source").GetString() == "loops");
    }

    [Fact]
    public async Task PublishAsync_LegacyUsageFileAbsent_AnnouncesNoDbUsageSize()
    {
        // When an agent since 2026-03-30 (no usage.db) is published
        await _homeAssistant.Publisher.PublishAsync(TestReadings.Create([], legacyUsageFile: false), PublishMode.Everything, CancellationToken.None);

        // Then
        Assert.Null(Component(_sink.Last(_homeAssistant.Topics.Discovery)!, "db_usage_size"));
        Assert.Null(_sink.Last(_homeAssistant.Topics.State("db_usage_size")));
    }

    [Fact]
    public async Task PublishAsync_LegacyUsageFileDisappears_DbUsageSizeIsAnnouncedRemoved()
    {
        // Given an old agent with usage.db
        await _homeAssistant.Publisher.PublishAsync(TestReadings.Create([], legacyUsageFile: true), PublishMode.Everything, CancellationToken.None);
        var announced = Component(_sink.Last(_homeAssistant.Topics.Discovery)!, "db_usage_size");
        _sink.Sent.Clear();

        // When the agent's migration removes the file
        await _homeAssistant.Publisher.PublishAsync(TestReadings.Create([], legacyUsageFile: false), PublishMode.Changes, CancellationToken.None);

        // Then
        Assert.NotNull(announced);
        var discoveries = _sink.Sent.Where(m => m.Topic == _homeAssistant.Topics.Discovery).Select(m => m.Payload).ToList();
        Assert.Equal(["platform"], Component(discoveries[0], "db_usage_size")!.Value.EnumerateObject().Select(p => p.Name));
        Assert.Null(Component(discoveries[^1], "db_usage_size"));
    }

    private static JsonElement? Component(string discovery, string key)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("components").TryGetProperty(key, out var component) ? component.Clone() : null;
    }
}
