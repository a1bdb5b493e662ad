using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Telemetry.HomeAssistant;

namespace Telemetry.Tests.Architecture;

/// <summary>A sensor row cannot read another source's figures: the compiler refuses it. Shown by compiling rows against the add-on's own assembly.</summary>
public sealed class SensorRowTypingTests
{
    [Fact]
    public void Compile_RowOfItsOwnSource_Compiles()
    {
        var errors = Compile("""new(UsageSource.Key) { Key = "k", Name = "n", State = u => u.Window.InputTokens.ToString() }""");

        Assert.Empty(errors);
    }

    [Fact]
    public void Compile_RowNamingOneSourceButTypedForAnother_IsACompileError()
    {
        // A usage row (its figures are UsageFigures) that names the logs source
        var errors = Compile("""new(LogsSource.Key) { Key = "k", Name = "n", State = u => u.Window.InputTokens.ToString() }""");

        Assert.Contains(errors, e => e.Id == "CS1503" && e.GetMessage().Contains("SourceKey<Telemetry.Sources.Logs.LogsFigures>", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_RowReadingAnotherSourcesFigures_IsACompileError()
    {
        // A logs row whose state reads usage figures
        var errors = Compile("""new(UsageSource.Key) { Key = "k", Name = "n", State = (LogsFigures l) => l.Requests.ToString() }""");

        Assert.NotEmpty(errors);
    }

    /// <summary>Compiles one row of a usage source's list against Telemetry.dll; the errors.</summary>
    private static List<Diagnostic> Compile(string row)
    {
        var code = $$"""
            using Telemetry.HomeAssistant;
            using Telemetry.Sources.Logs;
            using Telemetry.Sources.Usage;

            internal static class Rows
            {
                public static System.Collections.Generic.IReadOnlyList<Sensor<UsageFigures>> All { get; } = [{{row}}];
            }
            """;
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            // The add-on's assembly lets this one see its internals (InternalsVisibleTo Telemetry.Tests).
            "Telemetry.Tests",
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest))],
            [.. platform, MetadataReference.CreateFromFile(typeof(Sensor).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }
}
