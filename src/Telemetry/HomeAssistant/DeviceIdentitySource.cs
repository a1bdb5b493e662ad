using Microsoft.Extensions.Logging;

namespace Telemetry.HomeAssistant;

/// <summary>Who the add-on publishes as: the instance id that prefixes every unique id, fixed once and kept in the state folder.</summary>
/// <remarks>
/// <para>
/// With the agent's files, it is the agent's own (<c>db/instance_id</c>), or the add-on's kept one where the agent has
/// none. Over the agent's API there is no such file, but an agent that runs its built-in telemetry announces its
/// device on the broker, identified by that id: the first publish waits up to <see cref="LookupTimeout"/> for it (a
/// retained message comes right after the subscription), so a move from the agent's telemetry keeps its entities'
/// history. Whatever is chosen is kept: unique ids never change once published.
/// </para>
/// </remarks>
internal sealed class DeviceIdentitySource
{
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(3);

    private readonly TaskCompletionSource<string> _agentDevice = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _keptPath;
    private readonly string _deviceName;
    private readonly Uri? _configurationUrl;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DeviceIdentitySource> _logger;
    private volatile DeviceIdentity? _current;

    /// <param name="agentIdFile">The agent's own id file, when its files are read; null over its API.</param>
    public DeviceIdentitySource(string deviceName, Uri? configurationUrl, string stateDirectory, string? agentIdFile, TimeProvider timeProvider, ILogger<DeviceIdentitySource> logger)
    {
        _keptPath = Path.Combine(stateDirectory, InstanceIdentity.FileName);
        _deviceName = deviceName;
        _configurationUrl = configurationUrl;
        _timeProvider = timeProvider;
        _logger = logger;
        if (agentIdFile is not null && InstanceIdentity.Read(agentIdFile) is { } agentId)
        {
            Fix(agentId, $"the agent's, from {agentIdFile}", keep: false);
        }
        else if (InstanceIdentity.Read(_keptPath) is { } keptId)
        {
            Fix(keptId, $"the add-on's, kept in {_keptPath}", keep: false);
        }
        else if (agentIdFile is not null)
        {
            Fix(Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString(), $"generated and kept in {_keptPath}; the agent has none at {agentIdFile}", keep: true);
        }
    }

    /// <summary>The identity, once fixed; null before (over the agent's API, until the first publish).</summary>
    public DeviceIdentity? Current => _current;

    /// <summary>The fixed identity; a bug to ask for it before the first <see cref="ResolveAsync"/>.</summary>
    public DeviceIdentity Fixed => _current ?? throw new InvalidOperationException("The device identity is not fixed yet.");

    /// <summary>The agent's device announced itself on the broker with this id (from <see cref="AgentDeviceWatch"/>).</summary>
    public void AgentDeviceSeen(string instanceId) => _agentDevice.TrySetResult(instanceId);

    /// <summary>The identity, fixing it at the first call: the agent's device's id if it shows up in time, a new one otherwise.</summary>
    public async ValueTask<DeviceIdentity> ResolveAsync(CancellationToken cancellationToken)
    {
        if (_current is { } known)
        {
            return known;
        }

        try
        {
            var agentId = await _agentDevice.Task.WaitAsync(LookupTimeout, _timeProvider, cancellationToken);
            return Fix(agentId, $"the agent's, from its device on the broker; kept in {_keptPath}", keep: true);
        }
        catch (TimeoutException)
        {
            return Fix(Guid.CreateVersion7(_timeProvider.GetUtcNow()).ToString(), $"generated and kept in {_keptPath}; no device of the agent's named '{_deviceName}' on the broker", keep: true);
        }
    }

    private DeviceIdentity Fix(string id, string origin, bool keep)
    {
        if (keep)
        {
            try
            {
                InstanceIdentity.Write(_keptPath, id);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.InstanceIdNotKept(_logger, _keptPath, ex.Message);
            }
        }

        Log.InstanceId(_logger, id, origin);
        return _current = new DeviceIdentity(id, _deviceName, AddonVersion.Current, _configurationUrl);
    }
}
