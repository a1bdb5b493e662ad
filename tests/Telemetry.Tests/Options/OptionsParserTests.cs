using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Telemetry.Options;

namespace Telemetry.Tests.Options;

/// <summary>The Supervisor's <c>options.json</c> into typed options, or one error naming the option.</summary>
public sealed class OptionsParserTests
{
    [Fact]
    public void Parse_EmptyObject_TakesTheManifestDefaults()
    {
        // When
        var options = OptionsParser.Parse("{}");

        // Then the defaults written in config.yaml; thane_dir has none (not set is told apart from a choice)
        Assert.Null(options.ThaneDir);
        Assert.Null(options.AgentToken);
        Assert.Equal("thane", options.DeviceName);
        Assert.Equal("homeassistant", options.DiscoveryPrefix);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Interval);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.Null(options.AgentUrl);
        Assert.Null(options.Broker);
        Assert.Null(options.MainDb);
        Assert.Null(options.LogsDb);
        Assert.Null(options.AttachmentsDb);
        Assert.Null(options.UsageDb);
    }

    [Fact]
    public void Parse_TheManifestsOptionsAsTheSupervisorWritesThem_ParseToTheDefaults()
    {
        // Given options.json as the Supervisor writes it from config.yaml's options (numbers as numbers, true and false as booleans)
        var manifest = ManifestDefaults.Options;
        Assert.Contains("device_name", manifest.Keys);
        Assert.DoesNotContain("thane_dir", manifest.Keys);
        var json = JsonSerializer.Serialize(manifest.ToDictionary(
            entry => entry.Key,
            entry => int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : bool.TryParse(entry.Value, out var flag) ? flag
                : (object)entry.Value));

        // When
        var options = OptionsParser.Parse(json);

        // Then
        Assert.Equal(OptionsParser.Parse("{}"), options);
    }

    [Fact]
    public void Parse_EveryKeyOfTheSchema_IsRead()
    {
        // Given every key of config.yaml's schema, with valid values
        const string Json = """
            {"thane_dir":"/share/agent","main_db":"/share/agent/db/main.db","logs_db":"/share/agent/archive/l.db",
             "attachments_db":"/share/agent/db/att.db","usage_db":"/share/agent/db/u.db","agent_url":"http://192.168.1.20:8080/",
             "device_name":"aimee-thane","discovery_prefix":"ha/discovery","interval":120,"log_level":"debug",
             "mqtt_host":"broker.lan","mqtt_port":8884,"mqtt_username":"thane","mqtt_password":"s3cret","mqtt_tls":true}
            """;

        // When
        var options = OptionsParser.Parse(Json);

        // Then
        Assert.Equal("/share/agent", options.ThaneDir);
        Assert.Equal("/share/agent/db/main.db", options.MainDb);
        Assert.Equal("/share/agent/archive/l.db", options.LogsDb);
        Assert.Equal("/share/agent/db/att.db", options.AttachmentsDb);
        Assert.Equal("/share/agent/db/u.db", options.UsageDb);
        Assert.Equal(new Uri("http://192.168.1.20:8080/"), options.AgentUrl);
        Assert.Equal("aimee-thane", options.DeviceName);
        Assert.Equal("ha/discovery", options.DiscoveryPrefix);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Interval);
        Assert.Equal(LogLevel.Debug, options.LogLevel);
        Assert.Equal(new BrokerOptions("broker.lan", 8884, "thane", "s3cret", UseTls: true), options.Broker);
    }

    [Theory]
    [InlineData("{not json", "/data/options.json is not valid JSON (line 1, column 2)")]
    [InlineData("{\n  \"interval\": 60,\n  \"log_level\": info\n}", "/data/options.json is not valid JSON (line 3, column 16)")]
    [InlineData("", "/data/options.json is empty (expected a JSON object of option keys)")]
    [InlineData("[]", "/data/options.json must be a JSON object of option keys, not array")]
    [InlineData("\"thane\"", "/data/options.json must be a JSON object of option keys, not string")]
    public void Parse_NotAJsonObject_ThrowsNamingTheFileAndWhereItBreaks(string json, string message)
    {
        // When
        var error = Assert.Throws<InvalidOptionException>(() => OptionsParser.Parse(json, "/data/options.json"));

        // Then
        Assert.StartsWith("/data/options.json ", error.Message, StringComparison.Ordinal);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"interval":5}""", "interval")]
    [InlineData("""{"interval":9}""", "interval")]
    [InlineData("""{"interval":3601}""", "interval")]
    [InlineData("""{"interval":-60}""", "interval")]
    [InlineData("""{"interval":60.5}""", "interval")]
    [InlineData("""{"interval":"soon"}""", "interval")]
    [InlineData("""{"interval":true}""", "interval")]
    [InlineData("""{"log_level":"verbose"}""", "log_level")]
    [InlineData("""{"log_level":3}""", "log_level")]
    [InlineData("""{"device_name":"my thane"}""", "device_name")]
    [InlineData("""{"device_name":"thane/1"}""", "device_name")]
    [InlineData("""{"discovery_prefix":"home/+"}""", "discovery_prefix")]
    [InlineData("""{"discovery_prefix":"home/#"}""", "discovery_prefix")]
    [InlineData("""{"discovery_prefix":"/homeassistant"}""", "discovery_prefix")]
    [InlineData("""{"agent_url":"ftp://x"}""", "agent_url")]
    [InlineData("""{"agent_url":"thane:8080"}""", "agent_url")]
    [InlineData("""{"agent_url":"not a url"}""", "agent_url")]
    [InlineData("""{"thane_dir":42}""", "thane_dir")]
    [InlineData("""{"main_db":["a"]}""", "main_db")]
    [InlineData("""{"mqtt_host":42}""", "mqtt_host")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_port":70000}""", "mqtt_port")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_port":0}""", "mqtt_port")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_port":"port"}""", "mqtt_port")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_tls":"yes"}""", "mqtt_tls")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_tls":1}""", "mqtt_tls")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_username":false}""", "mqtt_username")]
    public void Parse_BadValue_ThrowsNamingTheOption(string json, string option)
    {
        // When
        var error = Assert.Throws<InvalidOptionException>(() => OptionsParser.Parse(json));

        // Then
        Assert.StartsWith($"Invalid option '{option}': ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"interval":"120"}""", 120)]
    [InlineData("""{"interval":10}""", 10)]
    [InlineData("""{"interval":3600}""", 3600)]
    [InlineData("""{"interval":null}""", 60)]
    public void Parse_Interval_AcceptsTheRangeAndQuotedNumbers(string json, int expectedSeconds)
    {
        // When
        var options = OptionsParser.Parse(json);

        // Then
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.Interval);
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("INFO", LogLevel.Information)]
    public void Parse_LogLevel_MapsTheManifestsList(string text, LogLevel expected)
    {
        // When
        var options = OptionsParser.Parse($$"""{"log_level":"{{text}}"}""");

        // Then
        Assert.Equal(expected, options.LogLevel);
    }

    [Theory]
    [InlineData("""{"mqtt_host":"broker.lan"}""", 1883, false)]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_tls":false}""", 1883, false)]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_tls":true}""", 8883, true)]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_port":"8883","mqtt_tls":true}""", 8883, true)]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_port":1884}""", 1884, false)]
    public void Parse_MqttPort_DefaultsByTls(string json, int expectedPort, bool expectedTls)
    {
        // When
        var broker = OptionsParser.Parse(json).Broker;

        // Then
        Assert.NotNull(broker);
        Assert.Equal("broker.lan", broker.Host);
        Assert.Equal(expectedPort, broker.Port);
        Assert.Equal(expectedTls, broker.UseTls);
    }

    [Theory]
    [InlineData("""{"mqtt_port":1884,"mqtt_username":"u","mqtt_password":"p","mqtt_tls":true}""")]
    [InlineData("""{"mqtt_host":"","mqtt_username":"u"}""")]
    [InlineData("""{"mqtt_host":"   "}""")]
    [InlineData("""{"mqtt_host":null}""")]
    public void Parse_NoMqttHost_LeavesTheBrokerToTheSupervisor(string json)
    {
        // When
        var options = OptionsParser.Parse(json);

        // Then
        Assert.Null(options.Broker);
    }

    [Fact]
    public void Parse_MqttHostWithoutCredentials_HasNoUsernameOrPassword()
    {
        // When
        var broker = OptionsParser.Parse("""{"mqtt_host":"broker.lan","mqtt_username":"","mqtt_password":null}""").Broker!;

        // Then
        Assert.Null(broker.Username);
        Assert.Null(broker.Password);
        Assert.Equal("mqtt://broker.lan:1883", broker.ToString());
    }

    [Theory]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_password":98765432123}""", "98765432123")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_password":["hunter2secret"]}""", "hunter2secret")]
    [InlineData("""{"mqtt_host":"broker.lan","mqtt_password":{"v":"hunter2secret"}}""", "hunter2secret")]
    public void Parse_NonStringPassword_ThrowsWithoutEchoingIt(string json, string secret)
    {
        // When
        var error = Assert.Throws<InvalidOptionException>(() => OptionsParser.Parse(json));

        // Then
        Assert.StartsWith("Invalid option 'mqtt_password': ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokerOptions_ToString_NeverShowsThePassword()
    {
        // Given
        var broker = OptionsParser.Parse("""{"mqtt_host":"broker.lan","mqtt_username":"thane","mqtt_password":"hunter2secret","mqtt_tls":true}""").Broker!;

        // When
        var text = broker.ToString();

        // Then
        Assert.Equal("mqtts://thane@broker.lan:8883", text);
        Assert.DoesNotContain("hunter2secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThaneDirMissing_ThrowsNamingThaneDir()
    {
        // Given a folder that does not exist
        var missing = Path.Combine(Path.GetTempPath(), "thane-missing-" + Guid.NewGuid().ToString("N"));
        var options = OptionsParser.Parse("{}") with { ThaneDir = missing };

        // When
        var error = Assert.Throws<InvalidOptionException>(() => OptionsParser.Validate(options));

        // Then
        Assert.StartsWith("Invalid option 'thane_dir': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThaneDirExists_Passes()
    {
        // Given
        var options = OptionsParser.Parse("{}") with { ThaneDir = Path.GetTempPath() };

        // When
        var error = Record.Exception(() => OptionsParser.Validate(options));

        // Then
        Assert.Null(error);
    }
}
