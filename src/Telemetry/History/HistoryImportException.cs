namespace Telemetry.History;

/// <summary>Home Assistant could not be reached, refused the add-on, or refused a command (with Core's error code in the message): the import waits and tries again.</summary>
internal sealed class HistoryImportException(string message) : Exception(message);
