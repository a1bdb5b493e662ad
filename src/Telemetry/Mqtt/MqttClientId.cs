namespace Telemetry.Mqtt;

internal static class MqttClientId
{
    /// <summary>A client id unique to the instance and free of <c>/ + #</c> (Mosquitto 2.1 rejects those).</summary>
    public static string For(string instanceId) =>
        "thane-telemetry-" + new string(instanceId.Where(char.IsAsciiLetterOrDigit).Take(12).ToArray());
}
