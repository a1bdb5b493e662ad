using System.Diagnostics;
using Telemetry.Addon;
using Telemetry.Testing;

namespace Telemetry.Tests.Addon;

/// <summary>The real program, run as a child process: bad options stop it at start with one clear line.</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    private readonly string _folder = Directory.CreateTempSubdirectory("thane-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("""{"interval": 5}""", "interval")]
    [InlineData("""{"log_level": "verbose"}""", "log_level")]
    [InlineData("""{"thane_dir": "/nonexistent/thane-agent-folder"}""", "thane_dir")]
    public async Task Main_BadOptionsFile_ExitsWithCode2AndOneLineNamingTheOption(string json, string option)
    {
        // Given
        var optionsFile = Path.Combine(_folder, "options.json");
        await File.WriteAllTextAsync(optionsFile, json);

        // When
        var result = await RunAsync("--options", optionsFile);

        // Then
        AssertRejected(result, option);
    }

    [Fact]
    public async Task Main_OptionsFileNotJson_ExitsWithCode2AndOneLineNamingTheFileAndWhereItBreaks()
    {
        // Given a file cut off after its first key
        var optionsFile = Path.Combine(_folder, "options.json");
        await File.WriteAllTextAsync(optionsFile, "{\"thane_dir\": ");

        // When
        var result = await RunAsync("--options", optionsFile);

        // Then
        Assert.Equal(AddonApp.InvalidOptionsExitCode, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"{optionsFile} is not valid JSON (line 1, column 15)", line);
    }

    [Fact]
    public async Task Main_OptionsFileMissing_ExitsWithCode2AndOneLineNamingTheFlag()
    {
        // Given
        var optionsFile = Path.Combine(_folder, "absent.json");

        // When
        var result = await RunAsync("--options", optionsFile);

        // Then
        AssertRejected(result, "--options");
        Assert.Contains(optionsFile, result.StandardError, StringComparison.Ordinal);
    }

    private static void AssertRejected(ProcessResult result, string option)
    {
        Assert.Equal(AddonApp.InvalidOptionsExitCode, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains($"Invalid option '{option}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> RunAsync(params string[] arguments)
    {
        // The add-on's own build output, with its own runtimeconfig and deps: the copy beside the tests cannot start
        // (see AddonExecutable). It is the same assembly as typeof(AddonApp), which the exit code comes from.
        var program = AddonExecutable.DllPath;
        Assert.Equal(typeof(AddonApp).Assembly.GetName().Name, Path.GetFileNameWithoutExtension(program));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SUPERVISOR_TOKEN");
        start.Environment.Remove("HASSIO_TOKEN");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not exit within {ProcessTimeout.TotalSeconds} s");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
}
