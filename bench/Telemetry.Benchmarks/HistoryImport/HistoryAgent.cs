using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Generation;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>An agent directory holding only <c>thane.db</c> with a long <c>usage_records</c> history: what the history import reads.</summary>
/// <remarks>
/// A year is too long for <see cref="AgentStream"/>'s request-by-request simulation (it writes log rows too); only the
/// usage rows matter to the import, so each day's calls are drawn directly: a fixed count per day, more by day than by
/// night, models changing over the history as an agent's configuration does, two of them local and free.
/// </remarks>
internal static class HistoryAgent
{
    private const string ManifestName = "bench-history.json";

    /// <summary>The models of the history: a model used in <c>[From, To)</c> of it (fractions of its days) with a weight there.</summary>
    private static readonly (string Model, string Provider, double InPerMillion, double OutPerMillion, double Weight, double From, double To)[] Models =
    [
        ("anthropic/claude-sonnet-4", "anthropic", 3, 15, 0.33, 0, 0.4),
        ("anthropic/claude-sonnet-4-5", "anthropic", 3, 15, 0.33, 0.4, 1),
        ("anthropic/claude-3-5-haiku", "anthropic", 0.8, 4, 0.22, 0, 0.6),
        ("anthropic/claude-haiku-4-5", "anthropic", 1, 5, 0.22, 0.6, 1),
        ("anthropic/claude-opus-4", "anthropic", 15, 75, 0.08, 0, 0.5),
        ("anthropic/claude-opus-4-1", "anthropic", 15, 75, 0.08, 0.5, 1),
        ("openrouter/openai/gpt-5-mini", "openrouter", 0.25, 2, 0.03, 0, 1),
        ("ollama/qwen3:32b", "ollama", 0, 0, 0.2, 0, 1),
        ("lmstudio/gemma-3-27b", "lmstudio", 0, 0, 0.14, 0, 1),
    ];

    /// <summary>Relative call rate by UTC hour: a household's day, quiet at night.</summary>
    private static readonly double[] HourWeights = [2, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 10, 11, 11, 10, 10, 11, 12, 12, 11, 9, 7, 5, 3];

    /// <summary>The directory's history when it was made with these settings; otherwise it is made again first.</summary>
    public static HistoryManifest Ensure(AgentLayout layout, int days, int callsPerDay, int seed, DateTimeOffset end, TextWriter progress)
    {
        var manifestFile = Path.Combine(layout.Root, ManifestName);
        if (File.Exists(manifestFile) && File.Exists(layout.MainDb)
            && JsonSerializer.Deserialize(File.ReadAllText(manifestFile), BenchJsonContext.Default.HistoryManifest) is { } made
            && made.Days == days && made.CallsPerDay == callsPerDay && made.Seed == seed && made.End == end)
        {
            progress.WriteLine($"Reusing {layout.MainDb}");
            return made;
        }

        if (Directory.Exists(layout.Root))
        {
            // Only a directory this command made is replaced: --dir could name a real agent's.
            if (!File.Exists(manifestFile) && Directory.EnumerateFileSystemEntries(layout.Root).Any())
            {
                throw new InvalidOperationException($"{layout.Root} exists and was not made by 'history' (no {ManifestName}): give another --dir");
            }

            Directory.Delete(layout.Root, recursive: true);
        }

        progress.WriteLine($"Generating {days} days x {callsPerDay:N0} calls into {layout.MainDb}");
        var watch = Stopwatch.StartNew();
        var rows = Write(layout, days, callsPerDay, seed, end, progress);
        var manifest = new HistoryManifest(days, callsPerDay, seed, end, rows, Models.Length, new FileInfo(layout.MainDb).Length);
        File.WriteAllText(manifestFile, JsonSerializer.Serialize(manifest, BenchJsonContext.Default.HistoryManifest));
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows:N0} rows, {manifest.DatabaseBytes / 1048576.0:0} MB, {watch.Elapsed.TotalSeconds:0} s"));
        return manifest;
    }

    private static long Write(AgentLayout layout, int days, int callsPerDay, int seed, DateTimeOffset end, TextWriter progress)
    {
        // The agent's schema, indexes included, and WAL, as the agent opens it; synchronous off only to write faster.
        using var connection = AgentSql.OpenWriter(layout.MainDb, AgentSchema.UsageRecords);
        AgentSql.Execute(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
        var random = new Random(seed);
        var ids = new AgentStream(new Traffic(1), end, seed); // for its UUIDv7 ids, repeatable from the seed
        var start = end.AddDays(-days);
        var hourTotal = HourWeights.Sum();
        long rows = 0;
        using (var transaction = connection.BeginTransaction())
        using (var insert = UsageInsert.Prepare(connection, transaction))
        {
            var seconds = new int[callsPerDay];
            for (var day = 0; day < days; day++)
            {
                for (var i = 0; i < seconds.Length; i++)
                {
                    // The hour is drawn by its UTC hour of day; the history's days start at the hour the history ends.
                    var offset = (Hour(random.NextDouble() * hourTotal) - start.Hour + 24) % 24;
                    seconds[i] = (offset * 3600) + random.Next(3600);
                }

                Array.Sort(seconds);
                var models = ModelsOn(day / (double)days);
                foreach (var second in seconds)
                {
                    insert.Add(ids, random, start.AddDays(day).AddSeconds(second), Pick(random, models));
                    rows++;
                }

                if (day % 30 == 29)
                {
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  day {day + 1}: {rows:N0} rows"));
                }
            }

            transaction.Commit();
        }

        // Settled as an agent's file is between writes: everything in the main file, the WAL empty.
        AgentSql.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return rows;
    }

    private static int Hour(double pick)
    {
        for (var hour = 0; hour < HourWeights.Length; hour++)
        {
            pick -= HourWeights[hour];
            if (pick < 0)
            {
                return hour;
            }
        }

        return HourWeights.Length - 1;
    }

    private static (UsageModel Model, double Weight)[] ModelsOn(double share) =>
        [.. Models.Where(m => share >= m.From && share < m.To).Select(m => (new UsageModel(m.Model, m.Provider, m.InPerMillion, m.OutPerMillion), m.Weight))];

    private static UsageModel Pick(Random random, (UsageModel Model, double Weight)[] models)
    {
        var pick = random.NextDouble() * models.Sum(m => m.Weight);
        foreach (var (model, weight) in models)
        {
            pick -= weight;
            if (pick < 0)
            {
                return model;
            }
        }

        return models[^1].Model;
    }
}
