using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Telemetry.Tests.Packaging;

/// <summary>Every log line DOCS.md shows is one the add-on writes: a message of <c>Log</c>'s, at the level shown.</summary>
public sealed partial class DocumentedLogLinesTests
{
    [Fact]
    public void Docs_EveryQuotedLogLine_IsALogMessageOfTheProgramAtThatLevel()
    {
        // Given the messages the program logs, placeholders as wildcards ("..." in the docs stands for any text too)
        var messages = typeof(Telemetry.Hosting.TelemetryWorker).Assembly.GetType("Telemetry.Log")!
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => (a.Level, Pattern: new Regex("^" + Placeholder().Replace(Regex.Escape(a.Message), ".*") + "$", RegexOptions.Singleline)))
            .ToList();
        Assert.True(messages.Count > 30);

        // When the log lines quoted in DOCS.md's text blocks are read
        var lines = QuotedLogLines(File.ReadAllText(RepositoryFiles.PathOf("DOCS.md"))).ToList();
        Assert.True(lines.Count >= 10, "DOCS.md shows a healthy start");

        // Then each is one of them, at its level
        Assert.All(lines, line => Assert.True(
            messages.Any(m => m.Level == line.Level && m.Pattern.IsMatch(line.Text.Replace("...", "", StringComparison.Ordinal))),
            $"DOCS.md quotes a log line the program does not write: {line.Level} {line.Text}"));
    }

    private static IEnumerable<(LogLevel Level, string Text)> QuotedLogLines(string docs)
    {
        var inText = false;
        foreach (var raw in docs.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inText = line == "```text";
                continue;
            }

            if (inText && LogLine().Match(line) is { Success: true } match)
            {
                yield return (match.Groups["level"].Value switch
                {
                    "TRACE" => LogLevel.Trace,
                    "DEBUG" => LogLevel.Debug,
                    "INFO" => LogLevel.Information,
                    "WARN" => LogLevel.Warning,
                    "ERROR" => LogLevel.Error,
                    _ => LogLevel.Critical,
                }, match.Groups["text"].Value);
            }
        }
    }

    [GeneratedRegex(@"\\\{[A-Za-z]+(:[^}]*)?}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )?(?<level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +(?<text>.+)$")]
    private static partial Regex LogLine();
}
