using System.Text.Json.Nodes;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>Answers <c>GET /v1/loops</c> as the agent does: a bare JSON array sorted by name, <c>parent_id</c> absent on roots.</summary>
internal static class LoopsApi
{
    public static void Serve(HttpStub stub, params (string Id, string Name, string? ParentId, string State, int Iterations)[] loops)
    {
        var array = new JsonArray();
        foreach (var loop in loops.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            var item = new JsonObject
            {
                ["id"] = loop.Id,
                ["name"] = loop.Name,
                ["state"] = loop.State,
                ["started_at"] = "2026-11-24T08:00:00.123456789+01:00",
                ["last_wake_at"] = "0001-01-01T00:00:00Z",
                ["iterations"] = loop.Iterations,
                ["attempts"] = loop.Iterations,
                ["total_input_tokens"] = 0,
                ["total_output_tokens"] = 0,
                ["consecutive_errors"] = 0,
            };
            if (loop.ParentId is not null)
            {
                item["parent_id"] = loop.ParentId;
            }

            array.Add(item);
        }

        stub.RespondJson(200, array.ToJsonString());
    }
}
