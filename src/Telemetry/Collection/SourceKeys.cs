namespace Telemetry.Collection;

internal static class SourceKeys
{
    public static readonly IReadOnlyList<SourceKey> All = Enum.GetValues<SourceKey>();

    /// <summary>The topic segment of the source's availability topic.</summary>
    public static string TopicName(this SourceKey source) => source switch
    {
        SourceKey.Main => "main",
        SourceKey.Usage => "usage",
        SourceKey.Logs => "logs",
        SourceKey.Attachments => "attachments",
        SourceKey.LegacyUsage => "legacy_usage",
        SourceKey.Loops => "loops",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
