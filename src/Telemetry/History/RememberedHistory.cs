namespace Telemetry.History;

/// <summary>The content of <see cref="HistoryMemory"/>'s file.</summary>
/// <param name="Models">The models that have a cost statistic of their own; they keep it.</param>
/// <param name="Rebuilt">Whether the rebuild that <c>history_rebuild</c> asks for was done (once per time it is turned on).</param>
/// <param name="Cursor">How far the history was summed at the last pass; null before the first one completed.</param>
internal sealed record RememberedHistory(IReadOnlyList<string> Models, bool Rebuilt, KeptCursor? Cursor = null)
{
    public static RememberedHistory None { get; } = new([], false);
}
