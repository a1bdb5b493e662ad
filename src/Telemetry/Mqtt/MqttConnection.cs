using System.Text;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Telemetry.Options;

namespace Telemetry.Mqtt;

/// <summary>The one MQTT connection, with the session's retained last will and subscriptions; <see cref="ConnectionKeeper"/> keeps it up.</summary>
/// <remarks>
/// Every connect raises <see cref="Connected"/>: the broker may have lost its retained messages, so whoever
/// publishes should send everything again.
/// </remarks>
internal sealed class MqttConnection : IMqttSink, IAsyncDisposable
{
    /// <summary>
    /// A broker that is restarting often swallows the connection attempt instead of refusing it (its container's
    /// address answers nothing), so an attempt is cut short.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly MqttSession _session;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MqttConnection> _logger;
    private readonly IMqttClient _client;

    private TaskCompletionSource _dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopping;

    public MqttConnection(MqttSession session, TimeProvider timeProvider, ILogger<MqttConnection> logger)
    {
        _session = session;
        _timeProvider = timeProvider;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient(new AnnouncedKeepAlive());
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Raised after each successful (re)connect, once the session's subscriptions are in place.</summary>
    public Signal Connected { get; } = new();

    public async Task PublishAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithRetainFlag()
            .WithQualityOfServiceLevel(delivery == Delivery.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
        try
        {
            await _client.PublishAsync(message, cancellationToken);
        }
        catch (Exception ex) when (MqttFailures.IsConnectionFailure(ex, cancellationToken))
        {
            // MQTTnet reports its own cancellation as a timeout; a stop is not a broker failure.
            cancellationToken.ThrowIfCancellationRequested();
            throw new BrokerUnavailableException(ex.Message, ex);
        }
    }

    /// <summary>Publishes the will's message itself (a clean disconnect does not fire the will), then disconnects.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (!_client.IsConnected)
        {
            return;
        }

        using var limit = new TimeLimit(StopTimeout, _timeProvider, cancellationToken);
        try
        {
            await PublishAsync(_session.WillTopic, _session.WillPayload, Delivery.AtLeastOnce, limit.Token);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), limit.Token);
        }
        catch (Exception ex) when (ex is BrokerUnavailableException || MqttFailures.IsConnectionFailure(ex, CancellationToken.None))
        {
            // The broker is gone: it publishes the retained will by itself.
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when the connection drops (a fresh task at each <see cref="TryConnectAsync"/>).</summary>
    public Task Dropped => _dropped.Task;

    /// <summary>One connection attempt, bounded by <see cref="ConnectTimeout"/>; subscribes the session's topics once connected.</summary>
    /// <returns>Null when connected, otherwise the problem, and whether the broker refused the credentials.</returns>
    public async Task<(string Problem, bool Credentials)?> TryConnectAsync(BrokerOptions broker, CancellationToken cancellationToken)
    {
        using var limit = new TimeLimit(ConnectTimeout, _timeProvider, cancellationToken);
        try
        {
            _dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // MQTTnet 5 reports a refused CONNECT in the result rather than by throwing.
            var result = await _client.ConnectAsync(MqttClientSettings.For(broker, _session, ConnectTimeout), limit.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                var refusedCredentials = result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized;
                await DisconnectQuietlyAsync();
                return ($"the broker refused the connection ({result.ResultCode})", refusedCredentials);
            }

            if (_session.Subscriptions.Count > 0)
            {
                var subscribe = new MqttClientSubscribeOptionsBuilder();
                foreach (var subscription in _session.Subscriptions)
                {
                    subscribe.WithTopicFilter(subscription.TopicFilter);
                }

                await _client.SubscribeAsync(subscribe.Build(), limit.Token);
            }

            Log.Connected(_logger, broker.ToString());
            Connected.Raise();
            return null;
        }
        catch (Exception ex) when (MqttFailures.IsConnectionFailure(ex, cancellationToken))
        {
            return (ex is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : ex.Message, false);
        }
    }

    /// <summary>Pings the broker; a connection that does not answer within <see cref="ConnectTimeout"/> is dropped, so that it is made again.</summary>
    /// <remarks>MQTTnet's keep-alive task is off (see <see cref="AnnouncedKeepAlive"/>): this is how a silent broker is noticed, and how the broker keeps hearing from the add-on.</remarks>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        using var limit = new TimeLimit(ConnectTimeout, _timeProvider, cancellationToken);
        try
        {
            await _client.PingAsync(limit.Token);
        }
        catch (Exception ex) when (MqttFailures.IsConnectionFailure(ex, cancellationToken))
        {
            await DisconnectQuietlyAsync();
        }
    }

    private async Task DisconnectQuietlyAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (Exception ex) when (MqttFailures.IsConnectionFailure(ex, CancellationToken.None))
            {
                // Already gone.
            }
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.ClientWasConnected && !_stopping)
        {
            Log.Disconnected(_logger, args.Exception?.Message ?? args.Reason.ToString());
        }

        _dropped.TrySetResult();
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = args.ApplicationMessage;
        foreach (var subscription in _session.Subscriptions)
        {
            if (MqttTopicFilterComparer.Compare(message.Topic, subscription.TopicFilter) == MqttTopicFilterCompareResult.IsMatch)
            {
                subscription.OnMessage(new MqttIncoming(message.Topic, message.ConvertPayloadToString() ?? ""));
            }
        }

        return Task.CompletedTask;
    }
}
