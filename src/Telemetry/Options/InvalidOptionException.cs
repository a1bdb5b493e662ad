namespace Telemetry.Options;

/// <summary>An option the program cannot run with; the message names the option.</summary>
internal sealed class InvalidOptionException(string option, string problem)
    : Exception($"Invalid option '{option}': {problem}")
{
    public string Option { get; } = option;
}
