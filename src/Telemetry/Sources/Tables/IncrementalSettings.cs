namespace Telemetry.Sources.Tables;

/// <summary>How the stateful sources check that what they hold still matches the database.</summary>
/// <param name="AuditPeriod">
/// How often the rows held for the window are counted again in the database, to catch rows deleted by something
/// other than the agent (the agent itself only deletes DEBUG and TRACE rows older than its retention, which starts
/// days behind the window). The count is an index-only range over the window, so its cost grows with the window,
/// unlike the rest of a steady cycle; <see cref="TimeSpan.Zero"/> counts on every read.
/// <value>The default value is 15 minutes, the period of the publisher's full re-publish.</value>
/// </param>
internal sealed record IncrementalSettings(TimeSpan AuditPeriod)
{
    public static readonly IncrementalSettings Default = new(TimeSpan.FromMinutes(15));
}
