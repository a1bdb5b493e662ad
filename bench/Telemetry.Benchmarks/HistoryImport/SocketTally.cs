namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>What one connection sent to the Core stand-in: messages, their bytes, the largest, and how many of each type.</summary>
internal sealed class SocketTally
{
    private readonly Dictionary<string, int> _byType = new(StringComparer.Ordinal);

    public int Messages { get; private set; }

    public long Bytes { get; private set; }

    public int Largest { get; private set; }

    public IReadOnlyDictionary<string, int> ByType => _byType;

    public void Add(string type, int bytes)
    {
        Messages++;
        Bytes += bytes;
        Largest = Math.Max(Largest, bytes);
        _byType[type] = _byType.GetValueOrDefault(type) + 1;
    }
}
