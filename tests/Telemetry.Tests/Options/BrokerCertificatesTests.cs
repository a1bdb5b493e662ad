using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Telemetry.Options;

namespace Telemetry.Tests.Options;

/// <summary><c>mqtt_ca</c>: a private certificate authority's PEM file, checked at start with one line naming the option.</summary>
public sealed class BrokerCertificatesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("thane-ssl-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Validate_CaFileWithACertificate_IsTakenAndABareNameIsInTheSslFolder()
    {
        // Given a CA certificate as PEM
        using var key = ECDsa.Create();
        using var ca = new CertificateRequest("CN=Home CA", key, HashAlgorithmName.SHA256).CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        var path = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());

        // When
        var options = Broker($$"""{"mqtt_host":"broker","mqtt_tls":true,"mqtt_ca":"{{path}}"}""");
        var certificates = BrokerCertificates.Load(options.Broker!.CaFile!);

        // Then
        Assert.Equal("CN=Home CA", Assert.Single(certificates).Subject);
        Assert.Equal("/ssl/ca.pem", OptionsParser.Parse("""{"mqtt_host":"broker","mqtt_tls":true,"mqtt_ca":"ca.pem"}""").Broker!.CaFile);
    }

    [Theory]
    [InlineData("missing.pem", "cannot be read")]
    [InlineData("empty.pem", "holds no PEM certificate")]
    public void Validate_CaFileMissingOrEmpty_OneLineNamingMqttCa(string name, string problem)
    {
        File.WriteAllText(Path.Combine(_folder, "empty.pem"), "not a certificate\n");

        var error = Assert.Throws<InvalidOptionException>(() => OptionsParser.Validate(Broker($$"""{"mqtt_host":"b","mqtt_tls":true,"mqtt_ca":"{{Path.Combine(_folder, name)}}","agent_url":"http://agent:8080"}""")));

        Assert.StartsWith("Invalid option 'mqtt_ca': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Validate_CaFileWithoutTls_SaysItNeedsTls()
    {
        var error = Assert.Throws<InvalidOptionException>(() => OptionsParser.Validate(Broker("""{"mqtt_host":"b","mqtt_ca":"/ssl/ca.pem","agent_url":"http://agent:8080"}""")));

        Assert.Equal("Invalid option 'mqtt_ca': applies only with mqtt_tls: true", error.Message);
    }

    private static TelemetryOptions Broker(string json) => OptionsParser.Parse(json);
}
