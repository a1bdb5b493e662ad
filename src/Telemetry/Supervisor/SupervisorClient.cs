using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Telemetry.Options;

namespace Telemetry.Supervisor;

/// <summary>Asks the Supervisor which MQTT broker to use: <c>GET /services/mqtt</c>.</summary>
internal sealed class SupervisorClient(IHttpClientFactory httpClients, SupervisorEndpoint endpoint, TimeProvider timeProvider)
{
    public const string HttpClientName = "supervisor";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The broker, or why there is none yet. Never throws for an unreachable or refusing Supervisor.</summary>
    public async Task<SupervisorAnswer> GetMqttServiceAsync(CancellationToken cancellationToken)
    {
        if (endpoint.Token is null)
        {
            return SupervisorAnswer.Failed("SUPERVISOR_TOKEN is not set (not running as a Home Assistant add-on?); set mqtt_host to use a broker directly");
        }

        var url = new Uri(endpoint.BaseUrl, "services/mqtt");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
        using var timer = new CancellationTokenSource(RequestTimeout, timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => Parse(body),
                HttpStatusCode.BadRequest => SupervisorAnswer.Failed(
                    $"the Supervisor has no MQTT service ({ErrorMessage(body) ?? "HTTP 400"}): install and start the Mosquitto broker add-on, or set mqtt_host"),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => SupervisorAnswer.Failed(
                    $"the Supervisor refused access to the MQTT service (HTTP {(int)response.StatusCode}); the add-on needs 'services: mqtt:need'"),
                _ => SupervisorAnswer.Failed($"the Supervisor answered HTTP {(int)response.StatusCode} for {url}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SupervisorAnswer.Failed($"the Supervisor did not answer within {RequestTimeout.TotalSeconds:0} s at {url}");
        }
        catch (HttpRequestException ex)
        {
            return SupervisorAnswer.Failed($"the Supervisor is unreachable at {url}: {ex.Message}");
        }
    }

    private static SupervisorAnswer Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return SupervisorAnswer.Failed("the Supervisor's MQTT service answer has no 'data' object");
            }

            var host = Text(data, "host");
            var port = Port(data);
            if (string.IsNullOrEmpty(host) || port is null)
            {
                return SupervisorAnswer.Failed("the Supervisor's MQTT service answer lacks a host or a valid port");
            }

            var ssl = data.TryGetProperty("ssl", out var s) && s.ValueKind == JsonValueKind.True;
            return SupervisorAnswer.Found(new BrokerOptions(host, port.Value, Text(data, "username"), Text(data, "password"), ssl));
        }
        catch (JsonException)
        {
            return SupervisorAnswer.Failed("the Supervisor's MQTT service answer is not JSON");
        }
    }

    /// <summary>The documented type is an integer; the docs' example shows a string. Both are accepted.</summary>
    private static int? Port(JsonElement data)
    {
        if (!data.TryGetProperty("port", out var port))
        {
            return null;
        }

        int? value = port.ValueKind switch
        {
            JsonValueKind.Number when port.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(port.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        return value is >= 1 and <= 65535 ? value : null;
    }

    private static string? Text(JsonElement data, string key) =>
        data.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string? ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Text(document.RootElement, "message") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
