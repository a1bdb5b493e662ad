using System.Text.RegularExpressions;

namespace Telemetry.Tests.Architecture;

/// <summary>The shape the code keeps: small files, namespaces that depend one way, sensor rows that need no null-forgiving operator.</summary>
public sealed partial class LayoutTests
{
    [Fact]
    public void Files_NoneOver200Lines()
    {
        var long_ = SourceTree.Files.Select(f => (File: SourceTree.Relative(f), Lines: File.ReadAllLines(f).Length)).Where(f => f.Lines > 200).ToList();

        Assert.True(long_.Count == 0, "over 200 lines: " + string.Join(", ", long_.Select(f => $"{f.File} ({f.Lines})")));
    }

    [Fact]
    public void Namespaces_NoTwoUseEachOther()
    {
        // Given what each namespace uses (a namespace implicitly uses its parents)
        var uses = SourceTree.NamespaceUses();

        // When looking for a way back from each namespace to itself
        var cycles = uses.Keys.Select(start => PathBack(uses, start)).Where(path => path is not null).Select(path => string.Join(" -> ", path!)).ToList();

        // Then there is none
        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles));
    }

    [Fact]
    public void Namespaces_CycleDetection_FindsACycleWhereThereIsOne()
    {
        // A check that cannot fail is no check: the same search on a graph with a cycle finds it
        var uses = new Dictionary<string, HashSet<string>>
        {
            ["Telemetry.A"] = ["Telemetry.B"],
            ["Telemetry.B"] = ["Telemetry.C"],
            ["Telemetry.C"] = ["Telemetry.A"],
        };

        Assert.Equal(["Telemetry.A", "Telemetry.B", "Telemetry.C", "Telemetry.A"], PathBack(uses, "Telemetry.A"));
    }

    [Fact]
    public void SensorRows_HaveNoNullForgivingOperator()
    {
        var rows = SourceTree.Files.Where(f => Path.GetFileName(f).EndsWith("Sensors.cs", StringComparison.Ordinal) || Path.GetFileName(f).EndsWith("Sensor.cs", StringComparison.Ordinal)).ToList();
        var offending = rows.SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: SourceTree.Relative(f), Line: i + 1, Text: line)))
            .Where(l => NullForgiving().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();

        Assert.NotEmpty(rows);
        Assert.True(offending.Count == 0, "null-forgiving operator in sensor rows: " + string.Join(", ", offending));
    }

    [Theory]
    [InlineData("State = s => Integer(s.Main.Value!.FileBytes),", true)]
    [InlineData("Attributes = a => Reason(a.Problem!)", true)]
    [InlineData("if (a != b && !c)", false)]
    public void NullForgiving_Pattern_FindsTheOperatorOnly(string line, bool found)
    {
        Assert.Equal(found, NullForgiving().IsMatch(line));
    }

    private static List<string>? PathBack(Dictionary<string, HashSet<string>> uses, string start)
    {
        var path = new List<string> { start };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Walk(start) ? path : null;

        bool Walk(string from)
        {
            foreach (var next in uses.GetValueOrDefault(from) ?? [])
            {
                if (next == start)
                {
                    path.Add(next);
                    return true;
                }

                if (seen.Add(next))
                {
                    path.Add(next);
                    if (Walk(next))
                    {
                        return true;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }

            return false;
        }
    }

    // An identifier, ')' or ']' followed by '!' that is not '!=': the postfix null-forgiving operator.
    [GeneratedRegex(@"[\w\)\]]!(?!=)")]
    private static partial Regex NullForgiving();
}
