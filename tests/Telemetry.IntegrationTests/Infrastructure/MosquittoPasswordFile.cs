using System.Security.Cryptography;
using System.Text;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>A Mosquitto 2 password file line (<c>user:$7$101$salt$hash</c>, PBKDF2-SHA512), as <c>mosquitto_passwd</c> writes it.</summary>
internal static class MosquittoPasswordFile
{
    private const int Iterations = 101;

    public static byte[] Create(string username, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(12);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 64);
        return Encoding.UTF8.GetBytes($"{username}:$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}\n");
    }
}
