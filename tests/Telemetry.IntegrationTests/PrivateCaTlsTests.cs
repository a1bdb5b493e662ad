using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Options;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests;

/// <summary>TLS to a real Mosquitto whose certificate comes from a private certificate authority, made in the test.</summary>
public sealed class PrivateCaTlsTests(TlsMosquittoBroker broker) : IClassFixture<TlsMosquittoBroker>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _ssl = Directory.CreateTempSubdirectory("thane-ssl-").FullName;

    public void Dispose() => Directory.Delete(_ssl, recursive: true);

    [Fact]
    public async Task Start_TlsWithTheBrokersCa_ConnectsAndPublishes()
    {
        // Given the broker's CA in the ssl folder, and mqtt_tls with mqtt_ca
        var caFile = Path.Combine(_ssl, "ca.pem");
        await File.WriteAllTextAsync(caFile, broker.CaPem);
        await using var agent = await SeededAgent.CreateAsync();
        using var logs = new CapturedLogs();

        // When the add-on starts
        var options = agent.Directory.Options(agent.Api.BaseUrl);
        Assert.Equal(agent.Directory.Root, OptionsParser.Validate(options with { Broker = new BrokerOptions("localhost", broker.Port, null, null, true, caFile) }).Directory);
        await using var addon = await AddonHost.StartAsync(options, broker, AddonEndToEndTests.StateDirectory(), logs: logs,
            brokerOptions: b => b with { Host = "localhost", UseTls = true, CaFile = caFile });

        // Then it connects over TLS and publishes its first cycle
        await logs.WaitForAsync(22, Bound, "mqtts://localhost");
        await logs.WaitForAsync(30, Bound);
        Assert.DoesNotContain(logs.Lines, l => l.EventId == 23);
    }

    [Fact]
    public async Task Start_TlsWithoutTheCa_RefusesTheCertificateAndSaysSo()
    {
        // Given TLS to the same broker without its CA
        await using var agent = await SeededAgent.CreateAsync();
        using var logs = new CapturedLogs();

        // When
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory(), logs: logs,
            brokerOptions: b => b with { Host = "localhost", UseTls = true });

        // Then the broker's certificate is not trusted: no connection, and the log says why
        await logs.WaitForAsync(23, Bound);
        Assert.DoesNotContain(logs.Lines, l => l.EventId == 22);
    }
}
