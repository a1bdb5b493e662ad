using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Telemetry.Options;

namespace Telemetry.Sources.AgentApi;

/// <summary>One GET of the agent's HTTP API (no authentication of its own; thane-data-sources §4), bounded in time and size.</summary>
/// <remarks>
/// Every way the agent can fail to answer (unreachable, slow, an error status, a body that is not the expected JSON,
/// an enormous body) is a problem in the answer, never an exception; only the caller's own cancellation (the add-on
/// stopping) propagates. An <c>agent_token</c> goes out as <c>Authorization: Bearer</c> and appears in no message.
/// </remarks>
internal sealed class AgentApiClient(IHttpClientFactory httpClients, TelemetryOptions options, TimeProvider timeProvider)
{
    /// <summary>The name of the <see cref="HttpClient"/> the agent's API is asked with.</summary>
    public const string HttpClientName = "agent";

    /// <summary>The most of a response that is read; a larger one makes the source unavailable.</summary>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    /// <summary>A slow agent must not hold the cycle past its interval.</summary>
    public static TimeSpan RequestTimeout(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, interval.Ticks / 2));

    /// <summary>Asks <paramref name="path"/> and parses the JSON answer into a reading.</summary>
    /// <param name="expected">What the body should be, for the reason given when it is not ("a loop list").</param>
    /// <param name="parse">Turns the body into figures; throws <see cref="JsonException"/> for a body of another shape.</param>
    /// <param name="notFound">The reading for an HTTP 404 (an older agent without this endpoint); null treats it as any error.</param>
    /// <returns>Absent without <c>agent_url</c>; unavailable with the reason when the agent does not answer as expected.</returns>
    public async Task<Reading<T>> GetAsync<T>(
        string path, string expected, Func<JsonElement, T> parse, CancellationToken cancellationToken, Func<Reading<T>>? notFound = null)
        where T : class
    {
        if (options.AgentUrl is null)
        {
            // Not configured is not broken: the sensors that need the API are not announced, and nothing warns.
            return Reading<T>.Absent("agent_url is not set");
        }

        var answer = await AskAsync(path, expected, parse, cancellationToken);
        return answer switch
        {
            { NotFound: true } when notFound is not null => notFound(),
            { Value: { } value } => Reading<T>.Ok(value),
            _ => Reading<T>.Unavailable(answer.Problem ?? "no answer"),
        };
    }

    /// <summary>Asks <paramref name="path"/> (with its query) and parses the JSON answer, saying when it went out and came back.</summary>
    /// <param name="timeout">For a request known to be slow (a sum over the agent's whole history); <see cref="RequestTimeout"/> otherwise.</param>
    public async Task<ApiAnswer<T>> AskAsync<T>(string path, string expected, Func<JsonElement, T> parse, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where T : class
    {
        var sent = timeProvider.GetUtcNow();
        if (options.AgentUrl is null)
        {
            return new ApiAnswer<T>(null, "agent_url is not set", false, sent, sent);
        }

        var url = new Uri(options.AgentUrl, path);
        using var limit = new TimeLimit(timeout ?? RequestTimeout(options.Interval), timeProvider, cancellationToken);
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (options.AgentToken is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Failed($"{url} answered HTTP {(int)response.StatusCode}", response.StatusCode == HttpStatusCode.NotFound);
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                return Failed($"{url} sent {response.Content.Headers.ContentLength} bytes, more than {MaxResponseBytes}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(limit.Token);
            using var document = await JsonDocument.ParseAsync(new BoundedStream(body, MaxResponseBytes), default, limit.Token);
            return new ApiAnswer<T>(parse(document.RootElement), null, false, sent, timeProvider.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"{url} did not answer within {limit.Limit.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return Failed($"{url} is unreachable: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return Failed($"{url} sent a body that is not {expected}: {ex.Message}");
        }
        catch (IOException ex)
        {
            return Failed($"{url}: {ex.Message}");
        }

        ApiAnswer<T> Failed(string problem, bool notFound = false) => new(null, problem, notFound, sent, timeProvider.GetUtcNow());
    }
}
