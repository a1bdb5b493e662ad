using System.Net;
using System.Text.Json;
using Telemetry.Options;

namespace Telemetry.Sources.Loops;

/// <summary>Loop counts, context utilisation and root loops from the agent's <c>GET /v1/loops</c>.</summary>
internal sealed class LoopsSource(IHttpClientFactory httpClients, TelemetryOptions options, TimeProvider timeProvider)
{
    /// <summary>The name of the <see cref="HttpClient"/> this source uses.</summary>
    public const string HttpClientName = "agent";

    /// <summary>The most of a response this source reads; a larger one makes the source unavailable.</summary>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    public async Task<Reading<LoopStats>> ReadAsync(CancellationToken cancellationToken)
    {
        if (options.AgentUrl is null)
        {
            return Reading<LoopStats>.Unavailable("agent_url is not set");
        }

        var url = new Uri(options.AgentUrl, "v1/loops");
        using var timer = new CancellationTokenSource(RequestTimeout(options.Interval), timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Reading<LoopStats>.Unavailable($"{url} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                return Reading<LoopStats>.Unavailable($"{url} sent {response.Content.Headers.ContentLength} bytes, more than {MaxResponseBytes}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var document = await JsonDocument.ParseAsync(new BoundedStream(body, MaxResponseBytes), default, timeout.Token);
            return Reading<LoopStats>.Ok(LoopsResponse.Parse(document.RootElement));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Reading<LoopStats>.Unavailable($"{url} did not answer within {RequestTimeout(options.Interval).TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return Reading<LoopStats>.Unavailable($"{url} is unreachable: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return Reading<LoopStats>.Unavailable($"{url} sent a body that is not a loop list: {ex.Message}");
        }
        catch (IOException ex)
        {
            return Reading<LoopStats>.Unavailable($"{url}: {ex.Message}");
        }
    }

    /// <summary>A slow agent must not hold the cycle past its interval.</summary>
    public static TimeSpan RequestTimeout(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, interval.Ticks / 2));
}
