namespace Telemetry.Benchmarks.Measurement;

/// <summary>Publishes the add-on the way the Dockerfile's build stage does, for the whole-process benchmark.</summary>
internal static class AddonBuild
{
    /// <summary>
    /// The Dockerfile's <c>dotnet publish</c> arguments after the project (kept equal to it by hand): PublishAot is in the
    /// project, so this is the native executable the image ships. Needs clang and llvm (llvm-objcopy) on the machine.
    /// </summary>
    public static readonly string[] DockerfileArguments =
    [
        "-c", "Release", "-r", "linux-x64", "-p:DebugType=none", "-p:GenerateDocumentationFile=false", "-p:EnforceCodeStyleInBuild=false",
    ];

    public static async Task PublishAsync(string folder, TextWriter output)
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Telemetry.Addon");
        output.WriteLine($"Publishing {project} into {folder} as the Dockerfile does");
        await LocalProcess.RunAsync("dotnet", ["publish", project, .. DockerfileArguments, "-o", folder]);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telemetry.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (no Telemetry.sln above the working directory)");
    }
}
