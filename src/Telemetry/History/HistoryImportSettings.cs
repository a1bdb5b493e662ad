namespace Telemetry.History;

/// <summary>How the import paces itself; the defaults are the product's, tests shorten them.</summary>
internal sealed record HistoryImportSettings
{
    /// <summary>Hours of one statistic in one message: a month, about 60 KB, far below the 4 MiB Core takes.</summary>
    public int ChunkHours { get; init; } = 744;

    /// <summary>A pause after each month of every statistic, so the recorder works through its queue between them and Home Assistant stays responsive.</summary>
    public TimeSpan PauseBetweenChunks { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How far back a restart looks for what Home Assistant already holds; older than that, the whole history is sent again.</summary>
    public TimeSpan ResumeLookBack { get; init; } = TimeSpan.FromDays(31);

    /// <summary>After each top of the hour, the wait before the hour just completed is sent: the agent commits a row a moment after stamping it.</summary>
    public TimeSpan AfterTheHour { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetry { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>For one websocket command's answer, and for the connection.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
