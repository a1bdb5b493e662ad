namespace Telemetry.Mqtt;

internal static class MqttClientId
{
    /// <summary>A client id unique to the device (as its topics are) and free of <c>/ + #</c> (Mosquitto 2.1 rejects those).</summary>
    /// <remarks>From the device name, which is known before the first connect; the instance id may be learnt from the broker only after it.</remarks>
    public static string For(string deviceName) =>
        "thane-telemetry-" + new string(deviceName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(40).ToArray());
}
