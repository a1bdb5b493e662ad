namespace Telemetry.Sources.Logs;

/// <summary>How many rows of each level the reader has seen, by id, from the first id that can still be in the window.</summary>
/// <remarks>
/// The audit compares these counts with the database's (<c>level = ? AND id BETWEEN ? AND ?</c>, an index-only range
/// on <c>idx_log_level</c>): a row deleted anywhere that could matter makes some count smaller. Rows are counted in
/// blocks of consecutive ids; a block is forgotten once every row in it has left the window, which is what lets the
/// audited id range start where the window does.
/// </remarks>
internal sealed class LevelCensus
{
    /// <summary>Ids per block: a day of a busy agent is a few hundred blocks.</summary>
    public const int BlockSize = 1024;

    private readonly Dictionary<string, int> _levelIndex = new(StringComparer.Ordinal);
    private readonly List<string?> _levels = [];
    private readonly List<Block> _blocks = [];
    private int _head;
    private int _nullLevelIndex = -1;
    private long _readFrom;

    /// <summary>
    /// The first id of the audited range: every row below it has left the window or was never read (and then it was
    /// out of the window when the reading started). Null when no counted row can still be in the window.
    /// </summary>
    public long? FirstId => _head < _blocks.Count ? Math.Max(_blocks[_head].Number * BlockSize, _readFrom) : null;

    /// <summary>The first id of the block that <paramref name="id"/> falls in.</summary>
    public static long BlockStart(long id) => Math.DivRem(id, BlockSize, out var rest) * BlockSize - (rest < 0 ? BlockSize : 0);

    /// <summary>Counts a row; ids must come in ascending order.</summary>
    public void Add(long id, string? level, long key)
    {
        var number = BlockStart(id) / BlockSize;
        if (_head == _blocks.Count || _blocks[^1].Number != number)
        {
            if (_head < _blocks.Count && _blocks[^1].Number > number)
            {
                throw new InvalidOperationException($"row {id} came after a row of a later block");
            }

            _blocks.Add(new Block(number));
        }

        var block = _blocks[^1];
        block.Count(IndexOf(level), _levels.Count);
        block.MaxKey = Math.Max(block.MaxKey, key);
    }

    /// <summary>Forgets the leading blocks whose rows have all left a window that starts at <paramref name="since"/>.</summary>
    public void Expire(long since)
    {
        while (_head < _blocks.Count && _blocks[_head].MaxKey < since)
        {
            _head++;
        }

        if (_head > 64 && _head * 2 > _blocks.Count)
        {
            _blocks.RemoveRange(0, _head);
            _head = 0;
        }
    }

    /// <summary>Per level (null for a NULL level), the number of rows counted from <see cref="FirstId"/> on.</summary>
    public IEnumerable<(string? Level, long Rows)> Totals()
    {
        var totals = new long[_levels.Count];
        for (var i = _head; i < _blocks.Count; i++)
        {
            _blocks[i].AddTo(totals);
        }

        return totals.Select((rows, index) => (_levels[index], rows)).Where(t => t.rows > 0);
    }

    /// <summary>Forgets every count; rows are read again from <paramref name="readFrom"/> on, every one of them.</summary>
    public void Restart(long readFrom)
    {
        _blocks.Clear();
        _head = 0;
        _readFrom = readFrom;
    }

    /// <summary>Writes the counts from <see cref="FirstId"/> on (for <see cref="Tables.KeptWindows"/>).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_readFrom);
        writer.Write(_levels.Count);
        foreach (var level in _levels)
        {
            writer.Write(level is not null);
            writer.Write(level ?? "");
        }

        writer.Write(_blocks.Count - _head);
        for (var i = _head; i < _blocks.Count; i++)
        {
            _blocks[i].Write(writer);
        }
    }

    /// <summary>Replaces every count with what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader)
    {
        Restart(reader.ReadInt64());
        _levels.Clear();
        _levelIndex.Clear();
        _nullLevelIndex = -1;
        for (int i = 0, count = reader.ReadInt32(); i < count; i++)
        {
            var (known, level) = (reader.ReadBoolean(), reader.ReadString());
            IndexOf(known ? level : null);
        }

        for (int i = 0, count = reader.ReadInt32(); i < count; i++)
        {
            _blocks.Add(Block.Read(reader, _levels.Count));
        }
    }

    private int IndexOf(string? level)
    {
        if (level is null)
        {
            if (_nullLevelIndex < 0)
            {
                _nullLevelIndex = _levels.Count;
                _levels.Add(null);
            }

            return _nullLevelIndex;
        }

        if (!_levelIndex.TryGetValue(level, out var index))
        {
            index = _levels.Count;
            _levelIndex.Add(level, index);
            _levels.Add(level);
        }

        return index;
    }

    private sealed class Block(long number)
    {
        private int[] _counts = [];

        public long Number { get; } = number;

        public long MaxKey { get; set; } = WindowKey.Never;

        public void Count(int level, int levels)
        {
            if (_counts.Length < levels)
            {
                Array.Resize(ref _counts, levels);
            }

            _counts[level]++;
        }

        public void Write(BinaryWriter writer)
        {
            writer.Write(Number);
            writer.Write(MaxKey);
            writer.Write(_counts.Length);
            foreach (var count in _counts)
            {
                writer.Write(count);
            }
        }

        public static Block Read(BinaryReader reader, int levels)
        {
            var block = new Block(reader.ReadInt64()) { MaxKey = reader.ReadInt64() };
            var length = reader.ReadInt32();
            if (length > levels)
            {
                throw new InvalidDataException($"a census block counts {length} levels of {levels}");
            }

            block._counts = new int[length];
            for (var i = 0; i < length; i++)
            {
                block._counts[i] = reader.ReadInt32();
            }

            return block;
        }

        public void AddTo(long[] totals)
        {
            for (var i = 0; i < _counts.Length; i++)
            {
                totals[i] += _counts[i];
            }
        }
    }
}
