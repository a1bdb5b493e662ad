namespace Telemetry.Options;

/// <summary>Options the program cannot run with; the message is one line that names the option or the file.</summary>
internal sealed class InvalidOptionException : Exception
{
    private InvalidOptionException(string message)
        : base(message)
    {
    }

    /// <summary>A bad option value: <c>Invalid option 'interval': 5 is out of range (10 to 3600)</c>.</summary>
    public static InvalidOptionException ForOption(string option, string problem) => new($"Invalid option '{option}': {problem}");

    /// <summary>A file that cannot be used as a whole: <c>/data/options.json is not valid JSON (line 1, column 105)</c>.</summary>
    public static InvalidOptionException ForFile(string path, string problem) => new($"{path} {problem}");
}
