using Telemetry.AgentSimulator;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Sessions;

/// <summary>Sessions and size of <c>thane.db</c>, attachment totals, and the legacy <c>usage.db</c> size (thane-data-sources §2.3, §2.4, §6).</summary>
public sealed class MainAndAttachmentsSourceTests
{
    [Fact]
    public async Task MainReadAsync_OpenSessions_CountsEveryUnendedSessionIncludingChildren()
    {
        // Given two open root sessions, one open delegate child, and two ended sessions
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddSession("s1", "2026-11-01T10:00:00.5Z");
        agent.AddSession("s2", "2026-11-01T11:00:00Z");
        agent.AddSession("s3", "2026-11-01T11:05:00Z", parentSessionId: "s2");
        agent.AddSession("s4", "2026-10-30T09:00:00Z", endedAt: "2026-10-30T09:30:00Z");
        agent.AddSession("s5", "2026-10-30T09:00:00Z", endedAt: "2026-10-30T09:31:00Z", parentSessionId: "s4");

        // When
        var reading = await new SessionsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then
        Assert.True(reading.IsAvailable, reading.Problem);
        Assert.Equal(3, reading.Value!.ActiveSessions);
    }

    [Fact]
    public async Task MainReadAsync_FileBytes_IsTheMainFileLengthOnly()
    {
        // Given a checkpointed thane.db and more rows pending in its WAL
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddSession("s1", "2026-11-01T10:00:00Z");
        agent.Checkpoint(agent.MainDb);
        agent.AddSession("s2", "2026-11-01T10:01:00Z");

        // When
        var reading = await new SessionsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then the size is that of thane.db itself, not of -wal or -shm
        Assert.True(reading.IsAvailable, reading.Problem);
        Assert.Equal(new FileInfo(agent.MainDb).Length, reading.Value!.FileBytes);
        Assert.Equal(2, reading.Value.ActiveSessions);
    }

    [Fact]
    public async Task MainReadAsync_MissingFile_IsUnavailableAndNotCreated()
    {
        // Given
        using var agent = AgentDirectory.CreateEmpty();

        // When
        var reading = await new SessionsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then
        Assert.False(reading.IsAvailable);
        Assert.Contains("thane.db", reading.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(agent.MainDb));
    }

    [Fact]
    public async Task MainReadAsync_ForeignSchema_IsUnavailableNamingTheTable()
    {
        // Given a SQLite file at the thane.db path from some other program
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.MainDb, "CREATE TABLE things (id INTEGER PRIMARY KEY)");

        // When
        var reading = await new SessionsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then
        Assert.False(reading.IsAvailable);
        Assert.Contains("sessions", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachmentsReadAsync_Rows_GivesCountBytesAndUniqueHashes()
    {
        // Given 42 ingests of 30 distinct contents, 1 MiB in all
        using var agent = AgentDirectory.CreateCurrent();
        for (var i = 0; i < 42; i++)
        {
            agent.AddAttachment(hash: $"hash-{i % 30:D2}", size: i < 41 ? 24_966 : 24_970);
        }

        // When
        var reading = await new AttachmentsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then
        Assert.True(reading.IsAvailable, reading.Problem);
        var stats = reading.Value!;
        Assert.Equal(42, stats.Total);
        Assert.Equal(1_048_576, stats.TotalBytes);
        Assert.Equal(30, stats.UniqueFiles);
        Assert.Equal(new FileInfo(agent.AttachmentsDb).Length, stats.FileBytes);
    }

    [Fact]
    public async Task AttachmentsReadAsync_EmptyTable_IsAvailableWithZeros()
    {
        // Given
        using var agent = AgentDirectory.CreateCurrent();

        // When
        var reading = await new AttachmentsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then
        Assert.True(reading.IsAvailable, reading.Problem);
        Assert.Equal(0, reading.Value!.Total);
        Assert.Equal(0, reading.Value.TotalBytes);
        Assert.Equal(0, reading.Value.UniqueFiles);
    }

    [Fact]
    public async Task AttachmentsReadAsync_MissingFile_IsUnavailable()
    {
        // Given an agent without attachments.store_dir (no attachments.db)
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.MainDb, AgentSchema.Sessions);

        // When
        var reading = await new AttachmentsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then
        Assert.False(reading.IsAvailable);
        Assert.Null(reading.Value);
        Assert.Contains("attachments.db", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachmentsReadAsync_ForeignSchema_IsUnavailable()
    {
        // Given attachments.db with a different table
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.AttachmentsDb, "CREATE TABLE blobs (id TEXT PRIMARY KEY, data BLOB)");

        // When
        var reading = await new AttachmentsSource(AgentPaths.From(agent.Options())).ReadAsync(CancellationToken.None);

        // Then
        Assert.False(reading.IsAvailable);
        Assert.Contains("attachments", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacyUsageReadAsync_FilePresent_GivesItsSize()
    {
        // Given an old agent's usage.db
        using var agent = AgentDirectory.CreateEmpty();
        agent.AddUsage("2026-03-01T10:00:00Z", "m", input: 1, output: 1, cost: 0, database: agent.UsageDb);
        agent.Checkpoint(agent.UsageDb);

        // When
        var reading = await new LegacyUsageFileSource(AgentPaths.From(agent.Options())).ReadAsync();

        // Then
        Assert.True(reading.IsAvailable, reading.Problem);
        Assert.Equal(new FileInfo(agent.UsageDb).Length, reading.Value!.FileBytes);
        Assert.True(reading.Value.FileBytes > 0);
    }

    [Fact]
    public async Task LegacyUsageReadAsync_FileAbsent_IsUnavailableNotZero()
    {
        // Given a current agent, which no longer has usage.db
        using var agent = AgentDirectory.CreateCurrent();

        // When
        var reading = await new LegacyUsageFileSource(AgentPaths.From(agent.Options())).ReadAsync();

        // Then
        Assert.False(reading.IsAvailable);
        Assert.Null(reading.Value);
        Assert.Contains("usage.db", reading.Problem, StringComparison.Ordinal);
    }
}
