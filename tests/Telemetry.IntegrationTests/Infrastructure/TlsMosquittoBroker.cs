using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>A broker whose one listener speaks TLS with a certificate from a certificate authority made here: a home broker's private CA.</summary>
public sealed class TlsMosquittoBroker : MosquittoBroker
{
    private const string Folder = "/telemetry-test";

    public TlsMosquittoBroker()
        : this(Make())
    {
    }

    private TlsMosquittoBroker((string CaPem, string CertificatePem, string KeyPem) files)
        : base(null, $"certfile {Folder}/server.pem\nkeyfile {Folder}/server.key\n",
            [(Encoding.ASCII.GetBytes(files.CertificatePem), $"{Folder}/server.pem"), (Encoding.ASCII.GetBytes(files.KeyPem), $"{Folder}/server.key")]) =>
        CaPem = files.CaPem;

    /// <summary>The certificate authority's certificate, as a user would put it in Home Assistant's ssl folder.</summary>
    public string CaPem { get; }

    private static (string, string, string) Make()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Telemetry test home CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4]);
        return (ca.ExportCertificatePem(), server.ExportCertificatePem(), serverKey.ExportPkcs8PrivateKeyPem());
    }
}
