namespace Telemetry.Sources.Usage;

/// <summary>What <c>usage_records</c> gives: the 24-hour window, and the lifetime and calendar totals.</summary>
internal sealed record UsageFigures(UsageWindowFigures Window, UsageTotalsFigures Totals);
