using Microsoft.Extensions.Time.Testing;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Testing;

namespace Telemetry.Tests.HomeAssistant;

/// <summary>The device's instance id: the agent's when it has one (its file, or its device on the broker), else the add-on's own, generated once and kept.</summary>
public sealed class DeviceIdentitySourceTests : IDisposable
{
    private const int InstanceIdEvent = 2;
    private readonly AgentDirectory _agent = AgentDirectory.CreateEmpty();
    private readonly string _state = Directory.CreateTempSubdirectory("thane-state-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();

    public void Dispose()
    {
        _agent.Dispose();
        _logs.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    private string OwnIdFile => Path.Combine(_state, InstanceIdentity.FileName);

    [Fact]
    public void Resolve_AgentHasAnId_UsesItAndWritesNothing()
    {
        // Given the agent's id file: UUIDv7 and a newline
        File.WriteAllText(_agent.InstanceIdFile, "01970000-aaaa-7bbb-8ccc-000000000001\n");

        // When
        var (id, origin) = Resolve();

        // Then
        Assert.Equal("01970000-aaaa-7bbb-8ccc-000000000001", id);
        Assert.Contains(_agent.InstanceIdFile, origin, StringComparison.Ordinal);
        Assert.False(File.Exists(OwnIdFile));
    }

    [Fact]
    public void Resolve_AgentHasNoId_GeneratesOneIntoTheStateFolderAndReusesIt()
    {
        // Given no agent id
        Assert.False(File.Exists(_agent.InstanceIdFile));

        // When resolved twice, time having moved on in between
        var (first, _) = Resolve();
        _time.Advance(TimeSpan.FromDays(3));
        var (second, origin) = Resolve();

        // Then one id, a UUID, kept in the state folder
        Assert.True(Guid.TryParse(first, out var guid));
        Assert.Equal(7, guid.Version);
        Assert.Equal(first, second);
        Assert.Equal(first, File.ReadAllText(OwnIdFile).Trim());
        Assert.Contains(OwnIdFile, origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AgentIdAppearsLater_PrefersTheAgentsOverTheOwn()
    {
        // Given an own id generated while the agent had none
        var (own, _) = Resolve();

        // When the agent writes its id
        File.WriteAllText(_agent.InstanceIdFile, "01970000-aaaa-7bbb-8ccc-000000000002\n");
        var (id, _) = Resolve();

        // Then
        Assert.NotEqual(own, id);
        Assert.Equal("01970000-aaaa-7bbb-8ccc-000000000002", id);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("id with spaces")]
    [InlineData("thane/+/#")]
    [InlineData("   \n")]
    public void Resolve_AgentIdWithOddCharacters_IsRejected(string text)
    {
        // Given an agent id file that is not a plain id
        File.WriteAllText(_agent.InstanceIdFile, text);

        // When
        var (id, _) = Resolve();

        // Then a generated id is used instead
        Assert.NotEqual(text.Trim(), id);
        Assert.Matches("^[A-Za-z0-9_-]+$", id);
        Assert.Equal(id, File.ReadAllText(OwnIdFile).Trim());
    }

    [Fact]
    public void Resolve_OwnIdFileDamaged_IsReplacedByAFreshId()
    {
        // Given a damaged own id
        File.WriteAllText(OwnIdFile, "not an id!");

        // When
        var (id, _) = Resolve();

        // Then
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, File.ReadAllText(OwnIdFile).Trim());
    }

    [Fact]
    public async Task ResolveAsync_OverTheApiWithTheAgentsDeviceOnTheBroker_TakesItsIdAndKeepsIt()
    {
        // Given an add-on reading the agent over its API (no id file), and the agent's retained device payload
        var source = ApiSource();
        Assert.Null(source.Current);
        var watch = Watch(source);
        Deliver(watch, "homeassistant/device/thane/config", AgentDiscovery.Payload("01970000-aaaa-7bbb-8ccc-00000000000a", "thane", withTelemetry: true));

        // When the first publish asks for the identity
        var identity = await source.ResolveAsync(CancellationToken.None);

        // Then it is the agent's, kept for the next start, which needs no broker for it
        Assert.Equal("01970000-aaaa-7bbb-8ccc-00000000000a", identity.InstanceId);
        Assert.Equal(identity.InstanceId, File.ReadAllText(OwnIdFile).Trim());
        Assert.Equal(identity.InstanceId, ApiSource().Current?.InstanceId);
    }

    [Fact]
    public async Task ResolveAsync_OverTheApiWithNoAgentDevice_GeneratesOneAfterTheLookupTimeAndKeepsIt()
    {
        // Given no agent device on the broker (another device of the agent's model at another topic does not count)
        var source = ApiSource();
        Deliver(Watch(source), "homeassistant/device/other/config", AgentDiscovery.Payload("01970000-aaaa-7bbb-8ccc-00000000000b", "other", withTelemetry: false));

        // When the lookup time passes
        var resolving = source.ResolveAsync(CancellationToken.None).AsTask();
        Assert.False(resolving.IsCompleted);
        _time.Advance(DeviceIdentitySource.LookupTimeout);
        var identity = await resolving;

        // Then a fresh id, kept
        Assert.True(Guid.TryParse(identity.InstanceId, out _));
        Assert.Equal(identity.InstanceId, File.ReadAllText(OwnIdFile).Trim());
        Assert.Contains("no device of the agent's", _logs.Lines.Single(l => l.EventId == InstanceIdEvent).Text, StringComparison.Ordinal);
    }

    private (string Id, string Origin) Resolve()
    {
        var before = _logs.Lines.Count;
        var source = new DeviceIdentitySource("thane", null, _state, AgentPaths.From(_agent.Options()).InstanceId, _time, _logs.For<DeviceIdentitySource>());
        return (source.Fixed.InstanceId, _logs.Lines.Skip(before).Single(l => l.EventId == InstanceIdEvent).Text);
    }

    private DeviceIdentitySource ApiSource() => new("thane", null, _state, agentIdFile: null, _time, _logs.For<DeviceIdentitySource>());

    private static AgentDeviceWatch Watch(DeviceIdentitySource source) =>
        new(source, new Topics("homeassistant", "thane"), TestCatalog.Create(), Microsoft.Extensions.Logging.Abstractions.NullLogger<AgentDeviceWatch>.Instance);

    private static void Deliver(AgentDeviceWatch watch, string topic, string payload) => watch.Subscription.OnMessage(new MqttIncoming(topic, payload));
}
