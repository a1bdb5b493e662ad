namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Tests that measure the process (threads, memory) or set its exit code run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTests
{
    public const string Name = "serial";
}
