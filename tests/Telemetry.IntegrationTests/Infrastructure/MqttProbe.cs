using MQTTnet;
using MQTTnet.Protocol;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>
/// A test-side MQTT client that records every message it receives and lets a test await one,
/// bounded by a timeout, without polling.
/// </summary>
internal sealed class MqttProbe : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client;
    private readonly Lock _gate = new();
    private readonly List<MqttMessageRecord> _messages = [];
    private readonly List<Waiter> _waiters = [];

    private MqttProbe(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
    }

    /// <summary>A snapshot of the messages received so far, in arrival order.</summary>
    public IReadOnlyList<MqttMessageRecord> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Connects a new probe with a clean session and a unique client id.</summary>
    public static async Task<MqttProbe> ConnectAsync(string host, int port, string? username = null, string? password = null)
    {
        var probe = new MqttProbe(new MqttClientFactory().CreateMqttClient());
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId($"probe-{Guid.NewGuid():N}")
            .WithTimeout(ConnectTimeout)
            .WithCredentials(username, password)
            .Build();
        try
        {
            await probe._client.ConnectAsync(options);
        }
        catch
        {
            await probe.DisposeAsync();
            throw;
        }
        return probe;
    }

    /// <summary>Subscribes to <paramref name="topicFilter"/>; returns once the broker acknowledged it.</summary>
    public Task SubscribeAsync(string topicFilter) =>
        _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    /// <summary>Publishes at QoS 1, so the broker holds the message when this returns.</summary>
    public Task PublishAsync(string topic, string payload, bool retain) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    /// <summary>Forgets the messages received so far.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
        }
    }

    /// <summary>
    /// Returns the first message, already received or still to come, that matches
    /// <paramref name="predicate"/>; throws <see cref="TimeoutException"/> if none does in time.
    /// </summary>
    public async Task<MqttMessageRecord> WaitForAsync(Func<MqttMessageRecord, bool> predicate, TimeSpan timeout)
    {
        var waiter = new Waiter(predicate);
        lock (_gate)
        {
            var received = _messages.Find(message => predicate(message));
            if (received is not null)
            {
                return received;
            }
            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
            var topics = string.Join(", ", Messages.Select(message => message.Topic));
            throw new TimeoutException($"No matching message within {timeout}; received: [{topics}].");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.ApplicationMessageReceivedAsync -= OnMessageReceivedAsync;
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }
        _client.Dispose();

        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Completion.TrySetCanceled();
            }
            _waiters.Clear();
        }
    }

    private Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = new MqttMessageRecord(
            args.ApplicationMessage.Topic,
            args.ApplicationMessage.ConvertPayloadToString() ?? "",
            args.ApplicationMessage.Retain);

        List<Waiter> satisfied;
        lock (_gate)
        {
            _messages.Add(message);
            satisfied = _waiters.FindAll(waiter => waiter.Predicate(message));
            _waiters.RemoveAll(satisfied.Contains);
        }

        // Completed outside the lock; the continuations run elsewhere, not on MQTTnet's receive loop.
        foreach (var waiter in satisfied)
        {
            waiter.Completion.TrySetResult(message);
        }
        return Task.CompletedTask;
    }

    private sealed class Waiter(Func<MqttMessageRecord, bool> predicate)
    {
        public Func<MqttMessageRecord, bool> Predicate { get; } = predicate;

        public TaskCompletionSource<MqttMessageRecord> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
