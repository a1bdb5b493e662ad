using Microsoft.Data.Sqlite;

namespace Telemetry.Sources;

/// <summary>Which exceptions of a read mean "this source cannot be read now", as opposed to a bug, and how to say why in one line.</summary>
internal static class SourceFailure
{
    /// <summary>A missing, locked, corrupt, foreign or unreadable file, or a value of an unexpected type or range.</summary>
    public static bool IsExpected(Exception exception) => exception
        is SqliteException
        or SourceUnavailableException
        or IOException
        or UnauthorizedAccessException
        or InvalidCastException
        or FormatException
        or OverflowException;

    /// <summary>A one-line reason for the log and the source's problem sensor.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message.Replace("SQLite Error ", "", StringComparison.Ordinal)}",
        _ => exception.Message,
    };
}
