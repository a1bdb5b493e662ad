namespace Telemetry.Sources.Tables;

/// <summary>When the next audit of the held rows against the database is due.</summary>
internal sealed class AuditSchedule(TimeSpan period)
{
    private DateTimeOffset? _last;

    public bool IsDue(DateTimeOffset now) => _last is not { } last || now - last >= period || now < last;

    /// <summary>A full read or an audit just checked everything.</summary>
    public void Done(DateTimeOffset now) => _last = now;
}
