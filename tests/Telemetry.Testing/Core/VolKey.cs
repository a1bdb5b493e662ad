using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>One key of a voluptuous dict schema: <c>vol.Required(name): check</c> or <c>vol.Optional(name): check</c>.</summary>
/// <param name="Check">Validates the key's value at a path such as <c>['metadata']['has_mean']</c>, adding what fails to the errors.</param>
internal sealed record VolKey(string Name, bool Required, Action<JsonNode?, string, SchemaErrors> Check);
