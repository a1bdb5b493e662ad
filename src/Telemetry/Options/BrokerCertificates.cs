using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Telemetry.Options;

/// <summary>The certificate authority of a broker with a private one (<c>mqtt_ca</c>), read from its PEM file.</summary>
internal static class BrokerCertificates
{
    /// <summary>Every certificate in the file; a missing, unreadable or empty one is an <see cref="InvalidOptionException"/> naming <c>mqtt_ca</c>.</summary>
    public static X509Certificate2Collection Load(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw InvalidOptionException.ForOption("mqtt_ca", $"'{path}' cannot be read as PEM certificates: {ex.Message} (put the file in Home Assistant's ssl folder)");
        }

        return certificates.Count > 0
            ? certificates
            : throw InvalidOptionException.ForOption("mqtt_ca", $"'{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
}
