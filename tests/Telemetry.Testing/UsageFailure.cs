namespace Telemetry.Testing;

/// <summary>How the agent's usage endpoint fails in a test.</summary>
internal enum UsageFailure
{
    None,

    /// <summary>The connection is dropped: the agent is down or restarting.</summary>
    Down,

    ServerError,

    /// <summary>A 200 whose body is not the usage summary's shape.</summary>
    Malformed,

    /// <summary>A body of more than the add-on reads (about 10 MB).</summary>
    Oversized,

    /// <summary>An older agent without the endpoint.</summary>
    NotFound,
}
