namespace Telemetry.Sources;

/// <summary>How one source's figures are read each cycle: from the agent's files, or from its HTTP API.</summary>
/// <remarks>
/// A source's sensors depend only on its figures, so a reader can be replaced without touching them. Reads of one
/// source come from one cycle at a time; an expected failure is an unavailable reading, never an exception.
/// </remarks>
internal interface IReader<TFigures>
    where TFigures : class
{
    /// <summary>Whether a read blocks its thread (SQLite does): the collector then runs it on the thread pool, so a locked database delays only itself.</summary>
    bool BlocksThread { get; }

    /// <summary>How the last read went, in words, for the trace log (a followed table's rows read and held); null where there is nothing to tell.</summary>
    string? Note => null;

    /// <summary>When this reader wants a cycle of its own besides the interval's (the add-on's clock); null for none.</summary>
    DateTimeOffset? NextCycleAt => null;

    /// <param name="now">The cycle's "now", which every window is measured from.</param>
    Task<Reading<TFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
