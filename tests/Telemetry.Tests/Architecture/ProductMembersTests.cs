using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Telemetry.Tests.Architecture;

/// <summary>Every member the product declares is used by the product itself, not only by the tests or the benchmark.</summary>
public sealed class ProductMembersTests
{
    [Fact]
    public void Members_EachIsUsedByTheProduct()
    {
        // Given the product's sources bound in one compilation (generated code aside: the binding still resolves)
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = SourceTree.Files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        // The SDK's implicit usings (ImplicitUsings in Directory.Build.props).
        var implicitUsings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.IO; global using System.Collections.Generic; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
            parse);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(d => !Path.GetFileName(d).StartsWith("Telemetry", StringComparison.Ordinal)))
            .DistinctBy(Path.GetFileName)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Product", [.. trees, implicitUsings], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        // When every symbol the product's code refers to is collected
        var used = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => n is SimpleNameSyntax or MemberAccessExpressionSyntax))
            {
                var info = model.GetSymbolInfo(node);
                foreach (var symbol in info.CandidateSymbols.Append(info.Symbol).OfType<ISymbol>())
                {
                    used.Add(symbol.OriginalDefinition);
                    if (symbol is IMethodSymbol { ReducedFrom: { } extension })
                    {
                        used.Add(extension.OriginalDefinition);
                    }
                    if (symbol is IMethodSymbol { AssociatedSymbol: { } property })
                    {
                        used.Add(property.OriginalDefinition);
                    }
                }
            }
        }

        // Then each member the add-on declares is among them (or is called by the runtime, a serializer or an interface).
        // The agent simulator is test support by design (the demo's agent, the tests' and the benchmark's): not checked.
        var unused = trees.Where(t => !t.FilePath.Contains("Telemetry.AgentSimulator", StringComparison.Ordinal)).SelectMany(tree => Declared(compilation.GetSemanticModel(tree), tree))
            .Where(member => !used.Contains(member.OriginalDefinition) && !IsCalledFromOutside(member))
            .Select(member => $"{member.ContainingType.Name}.{member.Name}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unused.Count == 0, "members the product never uses: " + string.Join(", ", unused));
    }

    private static IEnumerable<ISymbol> Declared(SemanticModel model, SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes()
            .Where(n => n is MethodDeclarationSyntax or PropertyDeclarationSyntax or FieldDeclarationSyntax or EventDeclarationSyntax)
            .SelectMany(n => n is FieldDeclarationSyntax field ? field.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v)) : [model.GetDeclaredSymbol(n)])
            .OfType<ISymbol>()
            .Where(s => s.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal);

    /// <summary>Members something other than the product's own code calls: overrides, interface members, entry points, serialised data.</summary>
    private static bool IsCalledFromOutside(ISymbol member) =>
        member.IsOverride
        || member.Name is "Main" or "Dispose" or "DisposeAsync" or "ToString" or "Equals" or "GetHashCode" or "CompareTo"
        || member.ContainingType.TypeKind == TypeKind.Interface
        || member.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m => SymbolEqualityComparer.Default.Equals(member.ContainingType.FindImplementationForInterfaceMember(m), member))
        || member.GetAttributes().Any(a => a.AttributeClass?.Name is "JsonPropertyNameAttribute")
        || (member is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion });
}
