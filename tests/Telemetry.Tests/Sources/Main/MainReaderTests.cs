using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Main;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Main;

/// <summary>Active sessions and the size of <c>thane.db</c> (thane-data-sources §2.3).</summary>
public sealed class MainReaderTests
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
        var reading = await new MainReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.True(reading.Value is not null, reading.Problem);
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
        var reading = await new MainReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then the size is that of thane.db itself, not of -wal or -shm
        Assert.True(reading.Value is not null, reading.Problem);
        Assert.Equal(new FileInfo(agent.MainDb).Length, reading.Value!.FileBytes);
        Assert.Equal(2, reading.Value.ActiveSessions);
    }

    [Fact]
    public async Task MainReadAsync_MissingFile_IsUnavailableAndNotCreated()
    {
        // Given
        using var agent = AgentDirectory.CreateEmpty();

        // When
        var reading = await new MainReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
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
        var reading = await new MainReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("sessions", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SessionStartedAfterAQuietSpell_IsCounted()
    {
        // Given a read of files the agent last wrote long ago
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddSession("s1", "2026-11-01T10:00:00Z");
        agent.AgeFiles();
        var sessions = new MainReader(AgentPaths.From(agent.Options()));
        var before = await sessions.ReadAsync(TestReadings.Now, CancellationToken.None);

        // When the agent starts another session
        agent.AddSession("s2", "2026-11-01T11:00:00Z");
        var after = await sessions.ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.Equal(1, before.Value!.ActiveSessions);
        Assert.Equal(2, after.Value!.ActiveSessions);
    }

    [Fact]
    public async Task ReadAsync_FilesWithTheSameIdentityAsAtTheLastRead_AreNotReadAgain()
    {
        // Given a read of files the agent last wrote long ago
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddSession("s1", "2026-11-01T10:00:00Z");
        agent.AddSession("s2", "2026-11-01T11:00:00Z");
        agent.Checkpoint(agent.MainDb);
        agent.AgeFiles();
        var sessions = new MainReader(AgentPaths.From(agent.Options()));
        var before = await sessions.ReadAsync(TestReadings.Now, CancellationToken.None);

        // When the database is changed behind the kernel's back: a session ended in place, the old times put back
        var times = Directory.EnumerateFiles(agent.Root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        AgentSql.Execute(agent.Writer(agent.MainDb), "UPDATE sessions SET ended_at = '2026-11-01T12:00:00Z' WHERE id = 's2'");
        agent.Checkpoint(agent.MainDb);
        foreach (var (file, time) in times)
        {
            File.SetLastWriteTimeUtc(file, time);
        }

        var after = await sessions.ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then the second cycle trusted the unchanged identity and read nothing (a fresh source sees the session end)
        var fresh = await new MainReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);
        Assert.Equal(2, before.Value!.ActiveSessions);
        Assert.Equal(2, after.Value!.ActiveSessions);
        Assert.Equal(1, fresh.Value!.ActiveSessions);
    }
}
