namespace Telemetry.IntegrationTests.Packaging;

/// <summary>The repository's root folder (the Docker build context), found by walking up to <c>Telemetry.sln</c>.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Telemetry.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Telemetry.sln not found above " + AppContext.BaseDirectory);
    }
}
