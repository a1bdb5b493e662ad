using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Supervisor;

namespace Telemetry.Tests.Hosting;

public sealed class PublishPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly TelemetryHostSettings _settings = new("/nonexistent", RunOnce: false, new SupervisorEndpoint(new Uri("http://supervisor"), null));

    [Fact]
    public void Next_BeforeAnyPublish_IsEverything()
    {
        Assert.Equal(PublishMode.Everything, new PublishPolicy(_settings).Next(Start));
    }

    [Fact]
    public void Next_AfterAFullPublish_IsChangesUntilTheRefreshPeriodPasses()
    {
        // Given
        var policy = new PublishPolicy(_settings);
        policy.Published(PublishMode.Everything, Start);

        // When / Then
        Assert.Equal(PublishMode.Changes, policy.Next(Start + _settings.RepublishPeriod - TimeSpan.FromSeconds(1)));
        Assert.Equal(PublishMode.Everything, policy.Next(Start + _settings.RepublishPeriod));
    }

    [Fact]
    public void Next_EverythingRequested_IsEverythingOnceThenChanges()
    {
        // Given a policy in steady state, then a reconnect
        var policy = new PublishPolicy(_settings);
        policy.Published(PublishMode.Everything, Start);
        policy.RequestEverything();

        // When
        var next = policy.Next(Start.AddMinutes(1));
        policy.Published(next, Start.AddMinutes(1));

        // Then
        Assert.Equal(PublishMode.Everything, next);
        Assert.Equal(PublishMode.Changes, policy.Next(Start.AddMinutes(2)));
    }

    [Fact]
    public void Next_ClockWentBack_IsEverything()
    {
        // Given
        var policy = new PublishPolicy(_settings);
        policy.Published(PublishMode.Everything, Start);

        // When / Then
        Assert.Equal(PublishMode.Everything, policy.Next(Start.AddMinutes(-5)));
    }
}
