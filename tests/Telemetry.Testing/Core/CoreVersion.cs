using System.Globalization;
using System.Text.RegularExpressions;

namespace Telemetry.Testing.Core;

/// <summary>A Home Assistant Core release number, <c>YEAR.MONTH.PATCH</c>, ordered as Core's releases are.</summary>
internal sealed partial record CoreVersion(int Year, int Month, int Patch)
{
    /// <summary>
    /// The first release whose <c>recorder/import_statistics</c> takes <c>mean_type</c> and <c>unit_class</c> and no longer requires
    /// <c>has_mean</c>. The developers' blog post announcing it is dated 2025-10-16 (developers.home-assistant
    /// blog/2025-10-16-recorder-statistics-api-changes.md@3b5b8d84), between the 2025.10 and 2025.11 releases; Core's change is
    /// PR #153941 "Improve unit handling in recorder" (opened 2025-10-07). Core at dfbe53eb still has the strict schema.
    /// </summary>
    public static readonly CoreVersion MeanTypeAccepted = new(2025, 11, 0);

    /// <summary>
    /// The release from which leaving out <c>mean_type</c> or <c>unit_class</c> "will stop working" (Core's own warning in
    /// recorder/websocket_api.py, and the blog post above). Not yet released in any source read: what Core does then is the stub's
    /// reading of the announcement (both become required and <c>has_mean</c> goes), not Core's code.
    /// </summary>
    public static readonly CoreVersion MeanTypeRequired = new(2026, 11, 0);

    /// <summary>Reads <c>2026.12.0</c>, also with a pre-release tail (<c>2026.12.0b1</c>, <c>2026.12.0.dev0</c>).</summary>
    public static CoreVersion Parse(string text)
    {
        var match = Leading().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"not a Home Assistant version: {text}");
        }

        var patch = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return new CoreVersion(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), patch);
    }

    /// <summary>Whether this release is <paramref name="other"/> or a later one.</summary>
    public bool IsAtLeast(CoreVersion other) =>
        (Year != other.Year ? Year.CompareTo(other.Year) : Month != other.Month ? Month.CompareTo(other.Month) : Patch.CompareTo(other.Patch)) >= 0;

    [GeneratedRegex(@"^(\d{4})\.(\d{1,2})(?:\.(\d+))?")]
    private static partial Regex Leading();
}
