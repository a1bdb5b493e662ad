namespace Telemetry.Sources;

/// <summary>Every source, and the short name that the log, the topics and the entity keys use for it.</summary>
internal static class SourceKeys
{
    public static readonly IReadOnlyList<SourceKey> All = Enum.GetValues<SourceKey>();

    /// <summary>The source's short name; it is part of the published contract (availability topics, entity keys).</summary>
    public static string Name(this SourceKey source) => source switch
    {
        SourceKey.Main => "main",
        SourceKey.Usage => "usage",
        SourceKey.Logs => "logs",
        SourceKey.Attachments => "attachments",
        SourceKey.LegacyUsage => "legacy_usage",
        SourceKey.Loops => "loops",
        SourceKey.Agent => "agent",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
