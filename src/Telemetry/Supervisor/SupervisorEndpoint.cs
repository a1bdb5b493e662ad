namespace Telemetry.Supervisor;

/// <summary>Where the Supervisor's API is and the token the add-on presents to it.</summary>
/// <remarks>The Supervisor sets <c>SUPERVISOR_TOKEN</c> (and the legacy <c>HASSIO_TOKEN</c>) anew on every start.</remarks>
internal sealed record SupervisorEndpoint(Uri BaseUrl, string? Token)
{
    public static SupervisorEndpoint FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("SUPERVISOR_URL");
        var token = Environment.GetEnvironmentVariable("SUPERVISOR_TOKEN") ?? Environment.GetEnvironmentVariable("HASSIO_TOKEN");
        return new SupervisorEndpoint(new Uri(string.IsNullOrWhiteSpace(url) ? "http://supervisor" : url), string.IsNullOrWhiteSpace(token) ? null : token);
    }

    /// <summary>Never prints the token.</summary>
    public override string ToString() => BaseUrl.ToString();
}
