using Telemetry.Options;

namespace Telemetry.Mqtt;

/// <summary>Where the broker to connect to comes from: the options, or a service that may change its answer (the Supervisor's).</summary>
internal interface IBrokerSource
{
    /// <summary>How long to wait before asking again after <see cref="ResolveAsync"/> found no broker.</summary>
    TimeSpan RetryDelay { get; }

    /// <summary>The broker, or null when none is known yet (the source logs why).</summary>
    Task<BrokerOptions?> ResolveAsync(CancellationToken cancellationToken);

    /// <summary>A connection to <paramref name="broker"/> failed: the source logs it once per change and, where it can, asks again next time.</summary>
    /// <param name="credentials">Whether the broker refused the credentials.</param>
    void Failed(BrokerOptions broker, string problem, bool credentials);

    /// <summary>A connection succeeded: the next failure is news again.</summary>
    void Connected();
}
