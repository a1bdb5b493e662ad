using Microsoft.Extensions.Time.Testing;
using Telemetry.Hosting;
using Telemetry.Options;
using Telemetry.Testing;

namespace Telemetry.Tests.Hosting;

/// <summary>The device's instance id: the agent's when it has one, else the add-on's own, generated once.</summary>
public sealed class InstanceIdentityTests : IDisposable
{
    private readonly AgentDirectory _agent = AgentDirectory.CreateEmpty();
    private readonly string _state = Directory.CreateTempSubdirectory("thane-state-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _agent.Dispose();
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

    private (string Id, string Origin) Resolve() =>
        InstanceIdentity.Resolve(AgentPaths.From(_agent.Options()), _state, _time);
}
