using System.Reflection;

namespace Telemetry;

internal static class AddonVersion
{
    /// <summary>The add-on's version (<c>Directory.Build.props</c>), without the source revision the SDK appends.</summary>
    public static string Current { get; } =
        typeof(AddonVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
