namespace Telemetry.Sources;

/// <summary>A source of the agent's figures: the group of sensors that share one availability in Home Assistant.</summary>
/// <remarks>
/// Each source declares one <see cref="SourceKey{TFigures}"/>, which also fixes the type of its figures, so a sensor
/// row written against one source can only read that source's figures. Keys compare by reference: there is one per
/// source, a static of its folder's <c>…Source</c> class.
/// </remarks>
internal abstract class SourceKey
{
    private protected SourceKey(string name) => Name = name;

    /// <summary>The short name the log, the availability topics and the problem sensor's key use; part of the published contract.</summary>
    public string Name { get; }

    public override string ToString() => Name;
}
