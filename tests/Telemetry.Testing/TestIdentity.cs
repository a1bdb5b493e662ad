using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.HomeAssistant;

namespace Telemetry.Testing;

/// <summary>Identities fixed from the start, as with an agent whose files give its instance id.</summary>
internal static class TestIdentity
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"thane-identity-{Environment.ProcessId}");

    /// <summary>A source whose identity is <paramref name="instanceId"/>, read from an agent id file written for it.</summary>
    public static DeviceIdentitySource Source(string instanceId, string deviceName = "thane", Uri? configurationUrl = null)
    {
        var folder = Path.Combine(Root, instanceId);
        var file = Path.Combine(folder, InstanceIdentity.FileName);
        InstanceIdentity.Write(file, instanceId);
        return new DeviceIdentitySource(deviceName, configurationUrl, folder, file, TimeProvider.System, NullLogger<DeviceIdentitySource>.Instance);
    }
}
