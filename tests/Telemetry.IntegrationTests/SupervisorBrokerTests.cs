using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Supervisor;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests;

/// <summary>Without mqtt_host the broker comes from the Supervisor, which may not have one yet (Mosquitto still starting).</summary>
public sealed class SupervisorBrokerTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ServiceNotEnabled_ThenProvided_IsRetriedLoggedOnceAndConnects()
    {
        // Given a Supervisor whose MQTT service is not registered for its first two answers (reference §2.3)
        await using var agent = await SeededAgent.CreateAsync();
        await using var supervisor = await HttpStub.StartAsync();
        var answers = 0;
        supervisor.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref answers) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("""{"result":"error","message":"Service not enabled"}""");
                return;
            }

            await context.Response.WriteAsync(new JsonObject
            {
                ["result"] = "ok",
                ["data"] = new JsonObject { ["host"] = broker.Host, ["port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ssl"] = false, ["protocol"] = "3.1.1", ["addon"] = "core_mosquitto" },
            }.ToJsonString());
        };
        var logs = new CapturedLogs();

        // When the add-on starts
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory(),
            supervisor: new SupervisorEndpoint(supervisor.BaseUrl, "token"), logs: logs);

        // Then it keeps asking, says so once, and connects to the broker it is finally given (port given as a string)
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.Availability);
        await probe.WaitForAsync(m => m.Payload == "online", Bound);
        Assert.Equal(3, supervisor.Requests.Count(r => r.PathAndQuery == "/services/mqtt"));
        Assert.Equal(1, logs.Count(21, "Service not enabled"));
        Assert.Equal(1, logs.Count(20));
    }
}
