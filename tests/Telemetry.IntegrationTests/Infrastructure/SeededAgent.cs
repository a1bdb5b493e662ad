using Telemetry.AgentSimulator;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>A current agent directory with known figures, and its loops API.</summary>
internal sealed class SeededAgent : IAsyncDisposable
{
    private SeededAgent(AgentDirectory directory, HttpStub api)
    {
        Directory = directory;
        Api = api;
    }

    public AgentDirectory Directory { get; }

    public HttpStub Api { get; }

    /// <summary>3 active sessions, 1500/300 tokens in 24 h, 2 requests, 1 error, 4 attachments; loops core (root) and telemetry (child).</summary>
    public static async Task<SeededAgent> CreateAsync()
    {
        var directory = AgentDirectory.CreateCurrent();
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            directory.AddSession($"s{i}", AgentTime.Rfc3339Nano(now.AddHours(-i - 1)), i < 3 ? null : AgentTime.Rfc3339Nano(now.AddMinutes(-10)));
        }

        directory.AddUsage(AgentTime.Rfc3339(now.AddHours(-2)), "anthropic/claude-sonnet-4-5", 1000, 200, 0.006);
        directory.AddUsage(AgentTime.Rfc3339(now.AddHours(-1)), "ollama/qwen3:32b", 500, 100, 0);
        directory.AddLog(AgentTime.Rfc3339Nano(now.AddMinutes(-30)), "INFO", "req-1");
        directory.AddLog(AgentTime.Rfc3339Nano(now.AddMinutes(-30).AddMilliseconds(800)), "INFO", "req-1");
        directory.AddLog(AgentTime.Rfc3339Nano(now.AddMinutes(-20)), "ERROR", "req-2");
        for (var i = 0; i < 4; i++)
        {
            directory.AddAttachment(i < 3 ? "hash-a" : "hash-b", 1000);
        }

        var api = await HttpStub.StartAsync();
        AgentApi.Serve(api, ("1", "core", null, "pending", 0), ("2", "telemetry", "1", "sleeping", 12));
        return new SeededAgent(directory, api);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Directory.Dispose();
    }
}
