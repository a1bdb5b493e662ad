using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Supervisor;
using Telemetry.Testing;

namespace Telemetry.Tests.Supervisor;

/// <summary><c>GET /services/mqtt</c> as the Supervisor answers it (home-assistant-addon-and-mqtt §2.2-2.3).</summary>
public sealed class SupervisorClientTests : IAsyncLifetime
{
    private const string Token = "5f0c1e8a9b7d4c3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5";

    // Mosquitto's system user password: 64 random characters (pwgen 64 1).
    private const string Password = "ohPh3aiquee7Eeth9ooShei0Ahs4aiy2Ieyah1Ooc0vaiChoo8oowae3Eichoh5a";

    private HttpStub _supervisor = null!;

    public async Task InitializeAsync() => _supervisor = await HttpStub.StartAsync();

    public async Task DisposeAsync() => await _supervisor.DisposeAsync();

    [Fact]
    public async Task GetMqttServiceAsync_MosquittoRegistered_ReturnsItsBrokerAndSendsTheToken()
    {
        // Given the Mosquitto add-on's registration
        _supervisor.RespondJson(200, $$$"""
            {"result":"ok","data":{"host":"core-mosquitto","port":1883,"ssl":false,"protocol":"3.1.1","username":"addons","password":"{{{Password}}}","addon":"core_mosquitto"}}
            """);

        // When
        var answer = await GetAsync();

        // Then
        Assert.Null(answer.Problem);
        var broker = answer.Broker!;
        Assert.Equal("core-mosquitto", broker.Host);
        Assert.Equal(1883, broker.Port);
        Assert.False(broker.UseTls);
        Assert.Equal("addons", broker.Username);
        Assert.Equal(Password, broker.Password);
        var request = Assert.Single(_supervisor.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/services/mqtt", request.PathAndQuery);
        Assert.Equal("Bearer " + Token, request.Authorization);
    }

    [Fact]
    public async Task GetMqttServiceAsync_PortAsStringAndSsl_AreAccepted()
    {
        // Given the shape of the developer docs' example: the port as a string
        _supervisor.RespondJson(200, $$$"""
            {"result":"ok","data":{"host":"192.168.1.5","port":"8883","ssl":true,"protocol":"3.1.1","username":"addons","password":"{{{Password}}}","app":"core_mosquitto"}}
            """);

        // When
        var answer = await GetAsync();

        // Then
        Assert.Null(answer.Problem);
        Assert.Equal(8883, answer.Broker!.Port);
        Assert.True(answer.Broker.UseTls);
    }

    [Fact]
    public async Task GetMqttServiceAsync_NoCredentials_ReturnsBrokerWithoutThem()
    {
        // Given a provider that registered no user (username and password are optional)
        _supervisor.RespondJson(200, """{"result":"ok","data":{"host":"mqtt.lan","port":1883,"ssl":false,"protocol":"3.1.1","addon":"local_broker"}}""");

        // When
        var answer = await GetAsync();

        // Then
        Assert.Null(answer.Problem);
        Assert.Equal("mqtt.lan", answer.Broker!.Host);
        Assert.Null(answer.Broker.Username);
        Assert.Null(answer.Broker.Password);
    }

    [Fact]
    public async Task GetMqttServiceAsync_ServiceNotEnabled_ExplainsMosquittoOrMqttHost()
    {
        // Given no MQTT provider (e.g. an external broker)
        _supervisor.RespondJson(400, """{"result":"error","message":"Service not enabled"}""");

        // When
        var answer = await GetAsync();

        // Then
        Assert.Null(answer.Broker);
        Assert.Contains("Service not enabled", answer.Problem, StringComparison.Ordinal);
        Assert.Contains("Mosquitto", answer.Problem, StringComparison.Ordinal);
        Assert.Contains("mqtt_host", answer.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "401: Unauthorized")]
    [InlineData(403, "403: Forbidden")]
    public async Task GetMqttServiceAsync_TokenRefusedWithPlainText_IsAProblem(int status, string body)
    {
        // Given aiohttp's plain-text refusal, not the JSON envelope
        _supervisor.Handler = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(body);
        };

        // When
        var answer = await GetAsync();

        // Then
        Assert.Null(answer.Broker);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, answer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMqttServiceAsync_NoToken_IsAProblemAndSendsNothing()
    {
        // Given not running under the Supervisor
        var client = Create(new SupervisorEndpoint(_supervisor.BaseUrl, Token: null));

        // When
        var answer = await client.GetMqttServiceAsync(CancellationToken.None);

        // Then
        Assert.Null(answer.Broker);
        Assert.Contains("SUPERVISOR_TOKEN", answer.Problem, StringComparison.Ordinal);
        Assert.Empty(_supervisor.Requests);
    }

    [Fact]
    public async Task GetMqttServiceAsync_SupervisorUnreachable_IsAProblem()
    {
        // Given a port nothing listens on
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = Create(new SupervisorEndpoint(new Uri($"http://127.0.0.1:{port}/"), Token));

        // When
        var answer = await client.GetMqttServiceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // Then
        Assert.Null(answer.Broker);
        Assert.Contains("unreachable", answer.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($$$"""{"result":"ok","data":{"port":1883,"username":"addons","password":"{{{Password}}}"}}""")]
    [InlineData($$$"""{"result":"ok","data":{"host":"core-mosquitto","port":70000,"password":"{{{Password}}}"}}""")]
    [InlineData($$$"""{"result":"ok","data":{"host":"core-mosquitto","port":"eighteen","password":"{{{Password}}}"}}""")]
    [InlineData($$$"""{"result":"ok","password":"{{{Password}}}"}""")]
    [InlineData("not json")]
    public async Task GetMqttServiceAsync_UnusableOkAnswer_IsAProblemWithoutThePassword(string body)
    {
        // Given a 200 that does not describe a usable broker
        _supervisor.RespondJson(200, body);

        // When
        var answer = await GetAsync();

        // Then
        Assert.Null(answer.Broker);
        Assert.False(string.IsNullOrWhiteSpace(answer.Problem));
        Assert.DoesNotContain(Password, answer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMqttServiceAsync_AnyAnswer_NeverShowsThePassword()
    {
        // Given the broker with its password
        _supervisor.RespondJson(200, $$$"""
            {"result":"ok","data":{"host":"core-mosquitto","port":1883,"ssl":false,"username":"addons","password":"{{{Password}}}"}}
            """);

        // When
        var answer = await GetAsync();

        // Then the broker's text form (what gets logged) and the answer's have no password
        Assert.Equal("mqtt://addons@core-mosquitto:1883", answer.Broker!.ToString());
        Assert.DoesNotContain(Password, answer.Broker.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SupervisorEndpoint_ToString_NeverShowsTheToken()
    {
        // Given
        var endpoint = new SupervisorEndpoint(new Uri("http://supervisor/"), Token);

        // When / Then
        Assert.DoesNotContain(Token, endpoint.ToString(), StringComparison.Ordinal);
    }

    private static SupervisorClient Create(SupervisorEndpoint endpoint) =>
        new(new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), endpoint, TimeProvider.System);

    private Task<SupervisorAnswer> GetAsync() =>
        Create(new SupervisorEndpoint(_supervisor.BaseUrl, Token)).GetMqttServiceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
}
