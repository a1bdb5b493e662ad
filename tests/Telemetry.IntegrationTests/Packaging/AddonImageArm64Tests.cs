using System.Diagnostics;
using System.Text.Json.Nodes;
using Telemetry.HomeAssistant;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.IntegrationTests.Reliability;
using Xunit.Abstractions;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// The arm64 image's program run, not only built: its own root file system exported from the image, the program started
/// under Debian's <c>qemu-aarch64-static</c> with that root as its library prefix (<c>-L</c>), against a real broker.
/// </summary>
/// <remarks>
/// What differs from a Raspberry Pi: every instruction is translated (start-up and cycles are slower than a Pi's, not
/// faster), the kernel is this machine's (the same system calls; qemu-user passes them through), and the files are
/// read from the host directly rather than through the Supervisor's container and its read-only share.
/// </remarks>
[Collection(SerialTests.Name)]
public sealed class AddonImageArm64Tests(AddonImageBuilds builds, MosquittoBroker broker, ITestOutputHelper output)
    : IClassFixture<AddonImageBuilds>, IClassFixture<MosquittoBroker>
{
    private const string Program = "/opt/thane-telemetry/thane-telemetry";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AddonImage_RunArm64UnderQemu_PublishesDiscoveryAndStatesAndStopsWithOfflineAndExitZero()
    {
        // Given the arm64 image's file system, an agent's directory and the options the Supervisor would write
        var image = await builds.Arm64;
        var root = Directory.CreateTempSubdirectory("thane-arm64-root-");
        var data = Directory.CreateTempSubdirectory("thane-arm64-data-");
        await using var agent = await SeededAgent.CreateAsync();
        try
        {
            await ExtractAsync(image.Tag, root.FullName);
            var device = "arm" + Guid.NewGuid().ToString("N")[..10];
            var topics = new Topics("homeassistant", device);
            var options = Path.Combine(data.FullName, "options.json");
            await File.WriteAllTextAsync(options, new JsonObject
            {
                ["thane_dir"] = agent.Directory.Root,
                ["agent_url"] = agent.Api.BaseUrl.ToString(),
                ["device_name"] = device,
                ["interval"] = 10,
                ["mqtt_host"] = "127.0.0.1",
                ["mqtt_port"] = broker.Port,
            }.ToJsonString());
            await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
            await probe.SubscribeAsync(topics.Discovery);
            await probe.SubscribeAsync($"{topics.Base}/#");

            // When the program starts under qemu
            var started = Stopwatch.StartNew();
            using var program = Process.Start(new ProcessStartInfo("qemu-aarch64-static", ["-L", root.FullName, root.FullName + Program, "--options", options])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                Environment = { ["TZ"] = "Europe/Amsterdam" },
            })!;
            var log = new System.Text.StringBuilder();
            program.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            program.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            program.BeginOutputReadLine();
            program.BeginErrorReadLine();
            try
            {
                // Then Home Assistant gets its discovery and the agent's figures
                await WaitAsync(probe, log, m => m.Topic == topics.Discovery);
                await WaitAsync(probe, log, m => m.Topic == topics.State("active_sessions") && m.Payload == "3");
                await WaitAsync(probe, log, m => m.Topic == topics.State("tokens_24h_input") && m.Payload == "1500");
                await WaitAsync(probe, log, m => m.Topic == topics.Availability && m.Payload == "online");
                output.WriteLine($"arm64 under qemu: every state on the broker {started.Elapsed.TotalSeconds:F1} s after the start");

                // When it gets SIGTERM, as the Supervisor stops it
                using (var kill = Process.Start("kill", ["-TERM", program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
                {
                    await kill.WaitForExitAsync();
                }

                // Then it leaves offline retained and exits 0
                await program.WaitForExitAsync().WaitAsync(Bound);
                Assert.True(program.ExitCode == 0, $"exit code {program.ExitCode}\n{log}");
                await using var late = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
                await late.SubscribeAsync(topics.Availability);
                Assert.True((await late.WaitForAsync(m => m.Topic == topics.Availability && m.Payload == "offline", Bound)).Retain);
            }
            finally
            {
                if (!program.HasExited)
                {
                    program.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            root.Delete(recursive: true);
            data.Delete(recursive: true);
        }
    }

    // The image's file system as a directory, symbolic links kept (the loader and the libraries are reached through them).
    private static async Task ExtractAsync(string image, string directory)
    {
        var name = "thane-telemetry-arm64-" + Guid.NewGuid().ToString("N")[..8];
        var archive = Path.Combine(Path.GetTempPath(), name + ".tar");
        try
        {
            await AddonImageBuilds.Cli.RunAsync(Bound, "create", "--name", name, image);
            await AddonImageBuilds.Cli.RunAsync(Bound, "export", "--output", archive, name);
            using var tar = Process.Start(new ProcessStartInfo("tar", ["-xf", archive, "-C", directory]) { RedirectStandardError = true })!;
            var errors = await tar.StandardError.ReadToEndAsync();
            await tar.WaitForExitAsync();
            Assert.True(tar.ExitCode == 0, errors);
        }
        finally
        {
            await AddonImageBuilds.Cli.TryRunAsync(Bound, "rm", "--force", name);
            File.Delete(archive);
        }
    }

    private static async Task<MqttMessageRecord> WaitAsync(MqttProbe probe, System.Text.StringBuilder log, Func<MqttMessageRecord, bool> predicate)
    {
        try
        {
            return await probe.WaitForAsync(predicate, Bound);
        }
        catch (TimeoutException ex)
        {
            lock (log)
            {
                throw new TimeoutException($"{ex.Message}\nprogram's log:\n{log}", ex);
            }
        }
    }
}
