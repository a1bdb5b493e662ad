using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Telemetry.Discovery;
using Telemetry.Options;

namespace Telemetry.Mqtt;

/// <summary>The one MQTT connection: kept up by a supervised loop, with a retained last will of <c>offline</c>.</summary>
/// <remarks>
/// MQTTnet 5 has no managed client, so <see cref="RunAsync"/> reconnects itself; the <c>DisconnectedAsync</c> handler
/// only wakes that loop, it never connects. Each connect and each Home Assistant birth asks the worker, through
/// <see cref="RepublishRequests"/>, to re-send everything (the broker may have lost its retained messages).
/// </remarks>
internal sealed class MqttConnection : IMqttSink, IAsyncDisposable
{
    public const string Online = "online";
    public const string Offline = "offline";

    // A broker that is restarting often swallows the connection attempt instead of refusing it (its container's
    // address answers nothing), so an attempt is cut short and retried soon: back within 5 s of the broker.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HealthCheck = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly BrokerResolver _resolver;
    private readonly Topics _topics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MqttConnection> _logger;
    private readonly string _clientId;
    private readonly IMqttClient _client;
    private readonly Channel<string> _republish = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastProblem;
    private bool _stopping;

    public MqttConnection(BrokerResolver resolver, Topics topics, DeviceIdentity identity, TimeProvider timeProvider, ILogger<MqttConnection> logger)
    {
        _resolver = resolver;
        _topics = topics;
        _timeProvider = timeProvider;
        _logger = logger;
        _clientId = ClientId(identity.InstanceId);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>A reason to re-send everything: a (re)connect or a Home Assistant birth. Bursts collapse into one.</summary>
    public ChannelReader<string> RepublishRequests => _republish.Reader;

    /// <summary>A client id unique to the instance and free of <c>/ + #</c> (Mosquitto 2.1 rejects those).</summary>
    public static string ClientId(string instanceId) =>
        "thane-telemetry-" + new string(instanceId.Where(char.IsAsciiLetterOrDigit).Take(12).ToArray());

    /// <summary>Keeps the connection up until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_client.IsConnected)
            {
                await WaitAsync(HealthCheck, cancellationToken);
                continue;
            }

            var broker = await _resolver.ResolveAsync(cancellationToken);
            if (broker is null)
            {
                await WaitAsync(_resolver.RetryDelay, cancellationToken);
                continue;
            }

            if (await TryConnectAsync(broker, cancellationToken))
            {
                retry = FirstRetry;
                continue;
            }

            await WaitAsync(retry, cancellationToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    public async Task PublishAsync(string topic, string payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithRetainFlag()
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            await _client.PublishAsync(message, cancellationToken);
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            // MQTTnet reports its own cancellation as a timeout; a stop is not a broker failure.
            cancellationToken.ThrowIfCancellationRequested();
            throw new BrokerUnavailableException(ex.Message, ex);
        }
    }

    /// <summary>Publishes <c>offline</c> and disconnects cleanly (a clean disconnect does not fire the will).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (!_client.IsConnected)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        try
        {
            await PublishAsync(_topics.Availability, Offline, timeout.Token);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
        }
        catch (Exception ex) when (ex is BrokerUnavailableException || IsConnectionFailure(ex, CancellationToken.None))
        {
            // The broker is gone: it publishes the retained will, offline, by itself.
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> TryConnectAsync(BrokerOptions broker, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            // MQTTnet 5 reports a refused CONNECT in the result rather than by throwing.
            var result = await _client.ConnectAsync(ClientOptions(broker), timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                var refusedCredentials = result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized;
                Report(broker, $"the broker refused the connection ({result.ResultCode})", refusedCredentials);
                await DisconnectQuietlyAsync();
                return false;
            }

            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_topics.HomeAssistantStatus).Build(), timeout.Token);
            Log.Connected(_logger, broker.ToString());
            _lastProblem = null;
            _republish.Writer.TryWrite("connected");
            return true;
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            Report(broker, ex is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : ex.Message, credentials: false);
            return false;
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
            catch (Exception ex) when (IsConnectionFailure(ex, CancellationToken.None))
            {
                // Already gone.
            }
        }
    }

    /// <summary>Logs a connection problem once per change, and asks the Supervisor again next time.</summary>
    private void Report(BrokerOptions broker, string problem, bool credentials)
    {
        if (problem != _lastProblem)
        {
            if (credentials && _resolver.IsFromSupervisor)
            {
                Log.CredentialsRefused(_logger, problem);
            }
            else
            {
                Log.ConnectFailed(_logger, broker.ToString(), problem);
            }

            _lastProblem = problem;
        }

        // The Supervisor's answer may be stale: Mosquitto was reinstalled (new password) or moved.
        _resolver.Invalidate();
    }

    private MqttClientOptions ClientOptions(BrokerOptions broker)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(_clientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(ConnectTimeout)
            .WithWillTopic(_topics.Availability)
            .WithWillPayload(Encoding.UTF8.GetBytes(Offline))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (broker.Username is not null)
        {
            builder.WithCredentials(broker.Username, broker.Password);
        }

        if (broker.UseTls)
        {
            // No revocation check: home brokers use private CAs or self-made chains without a reachable CRL or OCSP.
            builder.WithTlsOptions(tls => tls.UseTls().WithRevocationMode(System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck));
        }

        return builder.Build();
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.ClientWasConnected && !_stopping)
        {
            Log.Disconnected(_logger, args.Exception?.Message ?? args.Reason.ToString());
        }

        _wake.TrySetResult();
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        if (args.ApplicationMessage.Topic == _topics.HomeAssistantStatus && args.ApplicationMessage.ConvertPayloadToString() == Online)
        {
            Log.HomeAssistantBirth(_logger);
            _republish.Writer.TryWrite("Home Assistant birth");
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for the delay, or less if the connection drops meanwhile.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var wake = _wake.Task;
        using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayTask = Task.Delay(delay, _timeProvider, cancelDelay.Token);
        var first = await Task.WhenAny(wake, delayTask);
        cancelDelay.Cancel();
        cancellationToken.ThrowIfCancellationRequested();
        if (first == wake)
        {
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static bool IsConnectionFailure(Exception exception, CancellationToken cancellationToken) => exception
        is MqttCommunicationException
        or SocketException
        or IOException
        or TimeoutException
        or AuthenticationException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
