namespace Telemetry.Testing;

/// <summary>Where the add-on's own build output is, to run it as a separate process.</summary>
/// <remarks>
/// The copy in a test project's output cannot start: the test projects reference ASP.NET Core's shared framework
/// (for the HTTP stub), so the logging assemblies the add-on ships are not copied beside it.
/// </remarks>
internal static class AddonExecutable
{
    public static string DllPath { get; } = Find();

    private static string Find()
    {
        // .../tests/<Project>/bin/<Configuration>/<tfm>/Tests.dll → .../src/Telemetry.Addon/bin/<Configuration>/<tfm>/thane-telemetry.dll
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput;
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Telemetry.sln")))
        {
            repository = repository.Parent;
        }

        var path = Path.Combine(repository?.FullName ?? throw new InvalidOperationException("Telemetry.sln not found above the test output"),
            "src", "Telemetry.Addon", "bin", configuration, framework, "thane-telemetry.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Telemetry.Addon first.", path);
    }
}
