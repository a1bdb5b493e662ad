using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Attachments;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Attachments;

/// <summary>All-time attachment figures from <c>attachments.db</c> (thane-data-sources §2.4).</summary>
public sealed class AttachmentsReaderTests
{
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
        var reading = await new AttachmentsReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.True(reading.Value is not null, reading.Problem);
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
        var reading = await new AttachmentsReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.True(reading.Value is not null, reading.Problem);
        Assert.Equal(0, reading.Value!.Total);
        Assert.Equal(0, reading.Value.TotalBytes);
        Assert.Equal(0, reading.Value.UniqueFiles);
    }

    [Fact]
    public async Task AttachmentsReadAsync_MissingFile_IsAbsentByDesign()
    {
        // Given an agent without attachments.store_dir (no attachments.db)
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.MainDb, AgentSchema.Sessions);

        // When
        var reading = await new AttachmentsReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then the agent's default: not a problem, its sensors are not announced
        Assert.Null(reading.Value);
        Assert.True(reading.IsAbsent);
        Assert.Contains("attachments.store_dir", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachmentsReadAsync_ForeignSchema_IsUnavailable()
    {
        // Given attachments.db with a different table
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.AttachmentsDb, "CREATE TABLE blobs (id TEXT PRIMARY KEY, data BLOB)");

        // When
        var reading = await new AttachmentsReader(AgentPaths.From(agent.Options())).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("attachments", reading.Problem, StringComparison.Ordinal);
    }
}
