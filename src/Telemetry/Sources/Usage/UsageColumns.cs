using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Usage;

/// <summary>The SQL of <c>usage_records</c>: which columns this agent's schema has, the rows they give, and the audit's counts.</summary>
/// <remarks>
/// Rows whose timestamp is not text never satisfy "timestamp >= start" in a window (a blob sorts after any text, a
/// number before it, and the column has TEXT affinity): such a timestamp is read as NULL, out of every window. The
/// cache columns came with a later migration of the agent: an older <c>usage.db</c> has none, so none were counted.
/// </remarks>
internal sealed class UsageColumns
{
    public const string Table = "usage_records";

    public const string SchemaProbeSql = "SELECT rowid, id, timestamp, model, provider, role, input_tokens, output_tokens, cost_usd FROM usage_records LIMIT 0";

    public const string LastKeySql = "SELECT MAX(rowid) FROM usage_records";

    public const string RowIdentitySql = "SELECT quote(id) || quote(timestamp) FROM usage_records WHERE rowid = $key";

    private const string LeadingColumns = """
        rowid, CASE WHEN typeof(timestamp) = 'text' THEN timestamp END, COALESCE(model, ''), COALESCE(provider, ''), COALESCE(role, ''),
        input_tokens, output_tokens
        """;

    private const string CacheColumns = "cache_read_input_tokens, cache_creation_input_tokens";

    private const string NoCacheColumns = "0, 0";

    /// <summary>2 when the table has both prompt-cache columns (a later migration of the agent's).</summary>
    public const string HasCacheColumnsSql = """
        SELECT COUNT(*) FROM pragma_table_info('usage_records') WHERE name IN ('cache_read_input_tokens', 'cache_creation_input_tokens')
        """;

    private const string WindowCountSql = """
        SELECT COUNT(*) FROM usage_records WHERE timestamp >= $start AND typeof(timestamp) = 'text' AND rowid <= $last
        """;

    private const string TableCountSql = "SELECT COUNT(*) FROM usage_records";

    private readonly KnownTexts _texts = new();
    private string _columns = Select(NoCacheColumns);

    /// <summary>Whether the rows read count the prompt-cache columns (the table had them at the last probe).</summary>
    public bool HasCacheColumns { get; private set; }

    /// <summary>Looks again at which columns the table has (a full read comes after any change of file or schema).</summary>
    /// <returns>Whether that changed since the last probe.</returns>
    public async Task<bool> ProbeAsync(ReadTransaction transaction, CancellationToken cancellationToken)
    {
        var hadCacheColumns = HasCacheColumns;
        Use(await transaction.ScalarAsync(HasCacheColumnsSql, cancellationToken) == 2);
        return HasCacheColumns != hadCacheColumns;
    }

    /// <summary>Reads the columns a kept window was counted with, until the next probe.</summary>
    public void Use(bool hasCacheColumns)
    {
        HasCacheColumns = hasCacheColumns;
        _columns = Select(hasCacheColumns ? CacheColumns : NoCacheColumns);
    }

    /// <summary>Every row.</summary>
    public RawRows All(ReadTransaction transaction) => transaction.RawRows($"SELECT {_columns} FROM usage_records");

    /// <summary>The rows after <paramref name="afterKey"/>, in key order.</summary>
    public RawRows After(ReadTransaction transaction, long afterKey) =>
        transaction.RawRows($"SELECT {_columns} FROM usage_records WHERE rowid > $after ORDER BY rowid", afterKey);

    /// <summary>The current row of <see cref="All"/> or <see cref="After"/>, from SQLite's own memory: the agent's timestamps and the few models, providers and roles make no string.</summary>
    /// <remarks>A NULL number reads as 0, as SQLite converts it; the timestamp is NULL when not text (the SQL's CASE).</remarks>
    public UsageRecord Row(RawRows reader) => new(
        reader.Int64(0),
        reader.IsNull(1) ? null : UsageTimestamp.Of(reader.Utf8(1)),
        _texts.Of(reader.Utf8(2)),
        _texts.Of(reader.Utf8(3)),
        _texts.Of(reader.Utf8(4)),
        reader.Int64(5),
        reader.Int64(6),
        reader.Int64(7),
        reader.Int64(8),
        reader.Double(9));

    /// <summary>Rows of the window from <paramref name="start"/> up to <paramref name="lastKey"/>, and rows of the whole table.</summary>
    public static async Task<(long? InWindow, long? InTable)> CountAsync(ReadTransaction transaction, UsageTimestamp start, long lastKey, CancellationToken cancellationToken) => (
        await transaction.ScalarAsync(WindowCountSql, cancellationToken, ("$start", start.Text), ("$last", lastKey)),
        await transaction.ScalarAsync(TableCountSql, cancellationToken));

    private static string Select(string cacheColumns) => $"{LeadingColumns}, {cacheColumns}, cost_usd";
}
