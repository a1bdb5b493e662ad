using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Supervisor;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 3 and 8: the Mosquitto add-on is reinstalled with a new password; the add-on asks the Supervisor again. No secret reaches the log.</summary>
public sealed class CredentialsChangeTests(SecuredMosquittoBroker broker) : IClassFixture<SecuredMosquittoBroker>
{
    private const string Token = "supervisor-TOKEN-0f3c9a5e7b";
    private const string NewPassword = "second-Pa55word-9876543210";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PasswordChanged_AuthenticationFails_AsksTheSupervisorAgainAndReconnects()
    {
        // Given the add-on connected with the Supervisor's first answer
        await using var agent = await SeededAgent.CreateAsync();
        await using var supervisor = await HttpStub.StartAsync();
        var password = SecuredMosquittoBroker.InitialPassword;
        supervisor.Handler = context => SupervisorMqttService(context, broker, password);
        var logs = new CapturedLogs();
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory(),
            supervisor: new SupervisorEndpoint(supervisor.BaseUrl, Token), logs: logs);
        await ExpectOnlineAsync(addon, SecuredMosquittoBroker.InitialPassword);
        var asked = supervisor.Requests.Count;

        // When the broker comes back with a new password, and the add-on's credentials are refused
        await broker.ChangePasswordAsync(SecuredMosquittoBroker.Username, NewPassword);
        await logs.WaitForAsync(24, Bound);

        // Then, once the Supervisor reports the new password, the add-on asks again and is back online with it
        password = NewPassword;
        await ExpectOnlineAsync(addon, NewPassword);
        Assert.True(supervisor.Requests.Count > asked + 1);
        Assert.All(supervisor.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
        Assert.Equal(1, logs.Count(24));

        // And neither password nor token appears in any log line, at any level, exceptions included
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains(SecuredMosquittoBroker.InitialPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains(NewPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains(Token, StringComparison.Ordinal));
        Assert.True(logs.Lines.Count > 10);
    }

    private static Task SupervisorMqttService(Microsoft.AspNetCore.Http.HttpContext context, MosquittoBroker broker, string password)
    {
        // GET /services/mqtt as the Supervisor answers it for the Mosquitto add-on (reference §2.3).
        context.Response.ContentType = "application/json";
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["result"] = "ok",
            ["data"] = new System.Text.Json.Nodes.JsonObject
            {
                ["host"] = broker.Host,
                ["port"] = broker.Port,
                ["ssl"] = false,
                ["protocol"] = "3.1.1",
                ["username"] = SecuredMosquittoBroker.Username,
                ["password"] = password,
                ["addon"] = "core_mosquitto",
            },
        }.ToJsonString();
        return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, json);
    }

    private async Task ExpectOnlineAsync(AddonHost addon, string password)
    {
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port, SecuredMosquittoBroker.Username, password);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online", Bound);
        await probe.WaitForAsync(AddonEndToEndTests.State(addon, "active_sessions", "3"), Bound);
    }
}
