using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>
/// One Mosquitto broker in a container, shared by the tests of a class. It listens on a fixed
/// host port so that a test can stop and start it and clients find it again at the same address.
/// </summary>
public class MosquittoBroker : IAsyncLifetime
{
    /// <summary>The image used where <see cref="ImageVariable"/> is unset, i.e. where an engine can pull.</summary>
    public const string DefaultImage = "eclipse-mosquitto:2.0.22";

    /// <summary>Names another image; tests/run.sh sets it to the locally built one under podman.</summary>
    public const string ImageVariable = "TELEMETRY_TEST_MOSQUITTO_IMAGE";

    private const int MqttPort = 1883;
    private const string ConfigPath = "/telemetry-test/mosquitto.conf";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private const string PasswordFilePath = "/telemetry-test/passwd";

    private readonly IContainer _container;

    public MosquittoBroker()
        : this(null)
    {
    }

    /// <param name="credentials">When set, anonymous clients are refused and only this user may connect.</param>
    protected MosquittoBroker((string Username, string Password)? credentials)
        : this(credentials, "", [])
    {
    }

    /// <param name="credentials">When set, anonymous clients are refused and only this user may connect.</param>
    /// <param name="listenerConfig">Lines that apply to the broker's one listener (TLS files, for instance).</param>
    /// <param name="files">Files copied into the container first, by their path there.</param>
    protected MosquittoBroker((string Username, string Password)? credentials, string listenerConfig, IReadOnlyList<(byte[] Content, string Path)> files)
    {
        Port = FindFreeLoopbackPort();
        var config = ReadConfig();
        var builder = new ContainerBuilder(Image);
        config = [.. config, .. System.Text.Encoding.UTF8.GetBytes("\n" + listenerConfig + "\n")];
        foreach (var (content, path) in files)
        {
            builder = builder.WithResourceMapping(content, path);
        }

        if (credentials is { } user)
        {
            config = [.. config, .. System.Text.Encoding.UTF8.GetBytes($"\nallow_anonymous false\npassword_file {PasswordFilePath}\n")];
            builder = builder.WithResourceMapping(MosquittoPasswordFile.Create(user.Username, user.Password), PasswordFilePath);
        }

        _container = builder
            // The same process and configuration in every image, whatever its entrypoint and defaults.
            .WithEntrypoint("/usr/sbin/mosquitto")
            .WithCommand("-c", ConfigPath)
            .WithResourceMapping(config, ConfigPath)
            .WithPortBinding(Port, MqttPort)
            // The log line says the listener is open; the port check covers the host side of
            // the forwarding. Both run again on every start, since the log is read since the last stop.
            .WithWaitStrategy(Wait.ForUnixContainer()
                .UntilMessageIsLogged("mosquitto version .* running", wait => wait.WithTimeout(StartTimeout))
                .UntilExternalTcpPortIsAvailable(MqttPort, wait => wait.WithTimeout(StartTimeout)))
            .Build();
    }

    /// <summary>The image in use: <see cref="ImageVariable"/> if set, else <see cref="DefaultImage"/>.</summary>
    public static string Image =>
        Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image : DefaultImage;

    /// <summary>The host name clients connect to.</summary>
    public string Host => _container.Hostname;

    /// <summary>The host port, the same across restarts.</summary>
    public int Port { get; }

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync() => await _container.DisposeAsync();

    /// <summary>Starts the broker and returns once it accepts connections.</summary>
    public Task StartAsync() => _container.StartAsync();

    /// <summary>Stops the broker; connected clients are dropped and retained messages are lost.</summary>
    public Task StopAsync() => _container.StopAsync();

    /// <summary>Replaces the one user's password and restarts the broker, as a reinstalled Mosquitto add-on would.</summary>
    public async Task ChangePasswordAsync(string username, string password)
    {
        await _container.CopyAsync(MosquittoPasswordFile.Create(username, password), PasswordFilePath);
        await RestartAsync();
    }

    /// <summary>Stops and starts the broker on the same port; returns once it accepts connections again.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    private static int FindFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The configuration lives in tests/containers/mosquitto/ beside the local image's recipe,
    // which ships the same file at the same path.
    private static byte[] ReadConfig()
    {
        using var stream = typeof(MosquittoBroker).Assembly.GetManifestResourceStream("mosquitto.conf")
            ?? throw new InvalidOperationException("The embedded resource mosquitto.conf is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
