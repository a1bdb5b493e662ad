namespace Telemetry.Collection.Incremental;

/// <summary>How a stateful source read its table last time: only the new rows, or everything again and why.</summary>
internal sealed record ReadMode(bool IsFull, string Reason)
{
    public static readonly ReadMode Incremental = new(false, "new rows only");

    public static readonly ReadMode Audited = new(false, "new rows only, then counted the window's rows again");

    public static ReadMode Full(string reason) => new(true, reason);
}
