using System.Globalization;
using System.Text.Json;
using Telemetry.AgentSimulator;

namespace Telemetry.Benchmarks.Generation;

/// <summary>A generated agent directory (the agent's own layout) carries a manifest of how it was made.</summary>
internal static class AgentManifest
{
    private static string ManifestFile(this AgentLayout layout) => Path.Combine(layout.Root, "bench-agent.json");

    public static void WriteManifest(this AgentLayout layout, Manifest manifest) =>
        File.WriteAllText(layout.ManifestFile(), JsonSerializer.Serialize(manifest, BenchJsonContext.Default.Manifest));

    public static Manifest ReadManifest(this AgentLayout layout) =>
        File.Exists(layout.ManifestFile())
            ? JsonSerializer.Deserialize(File.ReadAllText(layout.ManifestFile()), BenchJsonContext.Default.Manifest)!
            : throw new InvalidOperationException($"{layout.Root} was not made by 'generate' (no bench-agent.json)");

    /// <summary>Sizes of the database files, for the report.</summary>
    public static string Describe(this AgentLayout layout)
    {
        static string Size(string path) => File.Exists(path) ? (new FileInfo(path).Length / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB" : "-";
        return $"logs.db {Size(layout.LogsDb)}, thane.db {Size(layout.MainDb)}, attachments.db {Size(layout.AttachmentsDb)}";
    }
}
