using System.Globalization;
using System.Text.Json;

namespace Telemetry.Benchmarks.Generation;

/// <summary>A generated agent directory: the agent's file layout plus a manifest of how it was made.</summary>
internal sealed record AgentLayout(string Root)
{
    public string MainDb => Path.Combine(Root, "db", "thane.db");

    public string LogsDb => Path.Combine(Root, "archive", "logs.db");

    public string AttachmentsDb => Path.Combine(Root, "db", "attachments.db");

    public string InstanceIdFile => Path.Combine(Root, "db", "instance_id");

    private string ManifestFile => Path.Combine(Root, "bench-agent.json");

    public void WriteManifest(Manifest manifest) =>
        File.WriteAllText(ManifestFile, JsonSerializer.Serialize(manifest, BenchJsonContext.Default.Manifest));

    public Manifest ReadManifest() =>
        File.Exists(ManifestFile)
            ? JsonSerializer.Deserialize(File.ReadAllText(ManifestFile), BenchJsonContext.Default.Manifest)!
            : throw new InvalidOperationException($"{Root} was not made by 'generate' (no bench-agent.json)");

    /// <summary>Sizes of the database files, for the report.</summary>
    public string Describe()
    {
        static string Size(string path) => File.Exists(path) ? (new FileInfo(path).Length / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB" : "-";
        return $"logs.db {Size(LogsDb)}, thane.db {Size(MainDb)}, attachments.db {Size(AttachmentsDb)}";
    }
}

/// <summary>What <c>generate</c> made: the scale, the seed, the simulated time the history ends at, and the row counts.</summary>
/// <param name="Until">How far the benchmarks' trickle of new rows has taken the agent's clock since (it starts at <paramref name="End"/>).</param>
internal sealed record Manifest(string Scale, int Seed, DateTimeOffset End, long LogRows, long UsageRows, int Sessions, int Attachments, DateTimeOffset Until);
