using System.Net.Sockets;
using System.Security.Authentication;
using MQTTnet.Exceptions;

namespace Telemetry.Mqtt;

internal static class MqttFailures
{
    /// <summary>The failures that mean "the broker cannot be reached or answered badly", as opposed to a bug or a stop.</summary>
    public static bool IsConnectionFailure(Exception exception, CancellationToken cancellationToken) => exception
        is MqttCommunicationException
        or SocketException
        or IOException
        or TimeoutException
        or AuthenticationException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
