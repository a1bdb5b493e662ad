namespace Telemetry.Sources.Main;

/// <summary><c>thane.db</c>, the agent's main database: active sessions and the file's size.</summary>
internal static class MainSource
{
    public static SourceKey<MainFigures> Key { get; } = new("main");
}
