using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telemetry.History;
using Telemetry.Options;
using Telemetry.Sources.Usage;
using Telemetry.Testing;
using Telemetry.Testing.Core;

namespace Telemetry.Tests.History;

/// <summary>
/// The usage history in Home Assistant's statistics, against a stand-in for the Supervisor's proxy and Core's recorder that
/// applies Core's own validation (<see cref="CoreStub"/>), over a real <c>usage_records</c> file in WAL mode: every
/// imported hour against a fresh sum in SQL.
/// </summary>
public sealed class HistoryImporterTests : IAsyncLifetime
{
    private const string Cost = "thane_telemetry:thane_cost";
    private const string Input = "thane_telemetry:thane_input_tokens";

    // 10:20 UTC on the 2nd of December: the hours up to 09:00-10:00 are complete. The history starts on the 10th of
    // September and crosses Berlin's change back to winter time (25 October), which the UTC hours do not notice.
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 20, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset First = new(2026, 9, 10, 7, 13, 0, TimeSpan.Zero);

    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly string _state = Directory.CreateTempSubdirectory("thane-history-").FullName;
    private readonly FakeTimeProvider _clock = new(Now);
    private CoreStub _core = null!;

    public async Task InitializeAsync()
    {
        var seed = 0;
        for (var at = First; at < Now; at = at.AddMinutes(47))
        {
            AgentUsageRows.Add(_agent, at, seed++);
        }

        _core = await CoreStub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _core.DisposeAsync();
        _agent.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task PassAsync_FirstStart_EveryCompleteHourFromTheFirstRowsEqualsAFreshSumAndNoneLater()
    {
        // When
        var state = await PassAsync(Importer());

        // Then one row per hour from the first row's hour to the last complete one, each the sum of every row before its end
        var hours = (int)(Top(Now) - Top(First)).TotalHours;
        var cost = _core.Rows(Cost);
        Assert.Equal(hours, cost.Count);
        Assert.Equal(Top(First), cost[0].Start);
        Assert.Equal(Top(Now).AddHours(-1), cost[^1].Start);
        for (var i = 0; i < cost.Count; i += 7)
        {
            Assert.Equal(Sum("cost_usd", cost[i].Start.AddHours(1)), cost[i].Sum!.Value, 9);
            Assert.Equal(cost[i].Sum, cost[i].State);
        }

        Assert.All(_core.Rows(Input), row => Assert.Equal(Sum("input_tokens", row.Start.AddHours(1)), row.Sum));
        Assert.Equal(HistoryImportStatus.UpToDate, state.Status.State);
        Assert.Equal(hours, state.Status.HoursImported);
    }

    [Fact]
    public async Task PassAsync_PerModelStatistics_AddUpToTheTotalEveryHour()
    {
        // When
        await PassAsync(Importer());

        // Then the models' cost and the other models' cost add up to the total cost, hour by hour
        var models = _core.Metadata.Keys.Where(id => id.StartsWith("thane_telemetry:thane_cost_", StringComparison.Ordinal)).ToList();
        Assert.Contains("thane_telemetry:thane_cost_model_claude_sonnet_4", models);
        Assert.Contains("thane_telemetry:thane_cost_other_models", models);
        var total = _core.Rows(Cost);
        for (var i = 0; i < total.Count; i += 11)
        {
            Assert.Equal(total[i].Sum!.Value, models.Sum(id => _core.Rows(id)[i].Sum!.Value), 9);
        }
    }

    [Fact]
    public async Task PassAsync_RestartWithEverythingHeld_SendsOnlyTheLastHourAgainAndChangesNothing()
    {
        // Given a first start that imported everything
        await PassAsync(Importer());
        var before = _core.Rows(Cost).ToList();
        var imports = ImportCount();

        // When the add-on restarts within the same hour
        await PassAsync(Importer());

        // Then it read back what Home Assistant holds and sent only the last hour again, one message per statistic
        Assert.Equal(_core.Metadata.Count, ImportCount() - imports);
        Assert.Equal(before, _core.Rows(Cost));
        Assert.Contains(StatisticsCommands.DuringPeriod, _core.Commands);
    }

    [Fact]
    public async Task PassAsync_RestartWithTheCursorKept_ReadsOnlyTheRowsSinceIt()
    {
        // Given a first pass, then the kept cursor marked (a dollar more on one model, the same rows), and the add-on restarted
        await PassAsync(Importer());
        var path = Path.Combine(_state, HistoryMemory.FileName);
        var memory = new HistoryMemory(path, NullLogger<HistoryMemory>.Instance);
        var remembered = memory.Load();
        Assert.True(remembered.Cursor is not null, File.ReadAllText(path));
        var cursor = remembered.Cursor!;
        var model = cursor.ByModel.Keys.First(m => remembered.Models.Contains(m));
        var marked = new Dictionary<string, UsageSums>(cursor.ByModel) { [model] = cursor.ByModel[model] with { CostNanos = cursor.ByModel[model].CostNanos + 1_000_000_000 } };
        memory.Save(remembered with { Cursor = cursor with { ByModel = marked } });

        // When it passes again
        await PassAsync(Importer());

        // Then the hours it sent went on from the kept sums (the dollar is in them): the history before was not read again
        Assert.Equal(Sum("cost_usd", Top(Now)) + 1, _core.Rows(Cost)[^1].Sum!.Value, 9);
    }

    [Fact]
    public async Task PassAsync_DatabaseNoLongerTheOneSummed_ReadsTheWholeHistoryAgain()
    {
        // Given a first pass, then a row that was not there stamped weeks before the cursor (a restored or other database)
        await PassAsync(Importer());
        AgentUsageRows.Add(_agent, Now.AddDays(-20), 77_777);

        // When the add-on restarts
        await PassAsync(Importer());

        // Then the kept cursor was not trusted: the last hour is the sum of every row, the new one included
        Assert.Equal(Sum("cost_usd", Top(Now)), _core.Rows(Cost)[^1].Sum!.Value, 9);
    }

    [Fact]
    public async Task PassAsync_RowCommittedAfterItsHourTurned_CorrectsThatHourAtTheNextHour()
    {
        // Given the import through 09:00-10:00
        var importer = Importer();
        await PassAsync(importer);

        // When a row stamped 09:59:59 commits after that, and the next hour completes
        AgentUsageRows.Add(_agent, Top(Now).AddSeconds(-1), 99_991);
        AgentUsageRows.Add(_agent, Top(Now).AddMinutes(40), 99_992);
        _clock.SetUtcNow(Top(Now).AddHours(1).AddMinutes(2));
        await PassAsync(importer);

        // Then 09:00-10:00 now counts it, 10:00-11:00 is there, and every earlier hour is as it was
        var cost = _core.Rows(Cost);
        Assert.Equal(Top(Now), cost[^1].Start);
        Assert.Equal(Sum("cost_usd", Top(Now)), cost[^2].Sum!.Value, 9);
        Assert.Equal(Sum("cost_usd", Top(Now).AddHours(1)), cost[^1].Sum!.Value, 9);
        Assert.Equal(Sum("input_tokens", Top(Now).AddHours(-1)), _core.Rows(Input)[^3].Sum);
    }

    [Fact]
    public async Task PassAsync_OlderCore_GetsHasMeanAndItsImportIsAccepted()
    {
        // Given Home Assistant 2025.10, the add-on's minimum
        _core.HaVersion = "2025.10.4";

        // When
        await PassAsync(Importer());

        // Then every statistic went in (that Core refuses mean_type and unit_class, and needs has_mean)
        Assert.Equal(_core.Rows(Cost).Count, (int)(Top(Now) - Top(First)).TotalHours);
        Assert.Equal(0, _core.DeprecationWarnings);
    }

    [Fact]
    public async Task PassAsync_CurrentCore_NoDeprecationWarning()
    {
        // When
        await PassAsync(Importer());

        // Then
        Assert.NotEmpty(_core.Rows(Cost));
        Assert.Equal(0, _core.DeprecationWarnings);
    }

    [Fact]
    public async Task PassAsync_DroppedPartWay_TheNextPassResumesWithoutSendingTheWholeHistoryAgain()
    {
        // Given a first pass, a week of hours a message, that Core drops in its fourth week
        var importer = Importer(chunkHours: 168);
        var firstPass = PassAsync(importer);
        var statistics = 9; // the five totals, three models that cost something, the other models
        for (var i = 0; i < (3 * statistics) + 1; i++)
        {
            await _core.NextImportAsync(TimeSpan.FromSeconds(30));
        }

        _core.Fault = StubFault.DropOnImport;
        await Assert.ThrowsAsync<HistoryImportException>(() => firstPass);
        Assert.Equal(statistics, _core.Metadata.Count);

        // When Core is back and the import tries again
        _core.Fault = StubFault.None;
        var imports = ImportCount();
        await PassAsync(importer);

        // Then it resumed from what Home Assistant held (not from the first week), and ended complete and exact
        var weeks = (int)Math.Ceiling((Top(Now) - Top(First)).TotalHours / 168);
        Assert.InRange(ImportCount() - imports, statistics, (weeks - 2) * statistics);
        Assert.Equal((int)(Top(Now) - Top(First)).TotalHours, _core.Rows(Cost).Count);
        Assert.All(_core.Rows(Cost).Where((_, i) => i % 13 == 0), row => Assert.Equal(Sum("cost_usd", row.Start.AddHours(1)), row.Sum!.Value, 9));
    }

    [Fact]
    public async Task PassAsync_RebuildAsked_ClearsThenImportsEverythingOnceAndNotAgainAtTheNextStart()
    {
        // Given an import, and a statistic of a model the agent no longer has
        await PassAsync(Importer());

        // When the add-on starts with history_rebuild on, twice
        await PassAsync(Importer(rebuild: true));
        var clears = _core.Commands.Count(c => c == StatisticsCommands.Clear);
        await PassAsync(Importer(rebuild: true));

        // Then the statistics were removed and imported again once
        Assert.Equal(1, clears);
        Assert.Equal(1, _core.Commands.Count(c => c == StatisticsCommands.Clear));
        Assert.Equal(Sum("cost_usd", Top(Now)), _core.Rows(Cost)[^1].Sum!.Value, 9);
    }

    private int ImportCount() => _core.Commands.Count(c => c == StatisticsCommands.Import);

    private async Task<HistoryImportState> PassAsync((HistoryImporter Importer, HistoryImportState State) subject)
    {
        await using var socket = await CoreSocket.ConnectAsync(_core.WebSocketUrl, _core.Token, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        await subject.Importer.PassAsync(socket, CancellationToken.None);
        return subject.State;
    }

    private (HistoryImporter, HistoryImportState) Importer(bool rebuild = false, int chunkHours = 744)
    {
        var options = _agent.Options() with { HistoryRebuild = rebuild };
        var state = new HistoryImportState();
        return (new HistoryImporter(
            AgentPaths.From(options), options, new HistoryMemory(Path.Combine(_state, HistoryMemory.FileName), NullLogger<HistoryMemory>.Instance), state,
            new HistoryImportSettings { PauseBetweenChunks = TimeSpan.Zero, ChunkHours = chunkHours }, _clock, NullLogger<HistoryImporter>.Instance), state);
    }

    /// <summary>A fresh sum of a column over every row stamped before <paramref name="end"/> (cost in whole nano-dollars per row, as the counters).</summary>
    private double Sum(string column, DateTimeOffset end)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _agent.MainDb, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = column == "cost_usd"
            ? "SELECT COALESCE(SUM(CAST(ROUND(cost_usd * 1000000000.0) AS INTEGER)), 0) / 1000000000.0 FROM usage_records WHERE timestamp < $end"
            : $"SELECT COALESCE(SUM({column}), 0) FROM usage_records WHERE timestamp < $end";
        command.Parameters.AddWithValue("$end", end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return Convert.ToDouble(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset Top(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
}
