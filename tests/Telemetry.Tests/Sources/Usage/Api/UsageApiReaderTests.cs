using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Sources.AgentApi;
using Telemetry.Sources.Usage;
using Telemetry.Sources.Usage.Api;
using Telemetry.Testing;
using Telemetry.Tests.Sources.Tables;

namespace Telemetry.Tests.Sources.Usage.Api;

/// <summary>
/// Usage over the agent's API against a fresh computation over the same <c>usage_records</c>: a real SQLite file in WAL
/// mode behind a loopback HTTP stub that runs the agent's own SQL with its window rules, on clocks the test moves.
/// </summary>
public sealed class UsageApiReaderTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // 22:17:23 in Berlin on the 30th of November: the next tops are 23:00, midnight (a new day and a new month), 01:00.
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 21, 17, 23, TimeSpan.Zero);

    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly string _state = Directory.CreateTempSubdirectory("thane-api-state-").FullName;
    private readonly FakeTimeProvider _clock = FullRecomputation.Clock(Start, Berlin);
    private readonly OffsetClock _agentClock;
    private AgentUsageStub _api = null!;
    private int _rows;

    public UsageApiReaderTests() => _agentClock = new OffsetClock(_clock);

    public async Task InitializeAsync()
    {
        // Ten days of history, a row every 37 minutes, none stamped on a top of the hour
        for (var at = Start.AddDays(-10); at < Start; at = at.AddMinutes(37))
        {
            Row(at.Second == 0 && at.Minute == 0 ? at.AddSeconds(1) : at);
        }

        _api = await AgentUsageStub.StartAsync(_agent.MainDb, _agentClock);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _agent.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task ReadAsync_FirstRead_WindowAndLifetimeExactCalendarUnknown()
    {
        // When
        var usage = await ReadAsync(Reader());

        // Then the 24-hour window is the agent's [end − 24 h, end], the lifetime every row, by model, provider and role
        AssertWindow(usage.Window, _clock.GetUtcNow());
        AssertLifetime(usage.Totals, _clock.GetUtcNow());
        Assert.Null(usage.Totals.Today);
        Assert.Null(usage.Totals.Month);
        Assert.All(_api.UsageRequests, q => Assert.DoesNotContain("hours=2562048", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_EveryTopOfTheHourAcrossMidnightAndAMonthEnd_LifetimeAndCalendarExactAndNeverBack()
    {
        // Given a first read
        var reader = Reader();
        var previous = (await ReadAsync(reader)).Totals;

        // When the agent keeps writing and the reader's own cycles come at each top of the hour, for five hours
        for (var hour = 0; hour < 5; hour++)
        {
            var wake = reader.NextCycleAt ?? throw new InvalidOperationException("no top of the hour asked for");
            WriteUntil(wake - TimeSpan.FromMilliseconds(500));
            _clock.SetUtcNow(wake);
            var top = Top(wake);
            var totals = (await ReadAsync(reader)).Totals;

            // Then, exact as of that second: the lifetime, today and this month, local days and months of Berlin
            AssertLifetime(totals, top);
            var expected = ReferenceAt(top);
            Assert.Equal(expected.TodayStart, totals.TodayStart);
            Assert.Equal(expected.MonthStart, totals.MonthStart);
            Assert.Equal(expected.Today, totals.Today);
            Assert.Equal(expected.Month, totals.Month);
            Assert.True(totals.Lifetime.CostNanos >= previous.Lifetime.CostNanos && totals.Lifetime.InputTokens >= previous.Lifetime.InputTokens, $"lifetime went back at {top:O}");
            previous = totals;
        }

        // And after 01:00 the day is the 1st of December, and so is the month
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1)), previous.TodayStart);
        Assert.Equal(previous.TodayStart, previous.MonthStart);
        Assert.True(previous.Today?.Rows > 0);
    }

    [Fact]
    public async Task ReadAsync_AfterTheFirstTop_CalendarStaysExactBetweenTopsAndIsUnknownBeforeTheDaysFirstRead()
    {
        // Given the first top read (23:00 in Berlin)
        var reader = Reader();
        await ReadAsync(reader);
        var top = await ReadAtNextTopAsync(reader);

        // When a cycle comes between two tops, rows written meanwhile
        WriteUntil(top.AddMinutes(20));
        _clock.SetUtcNow(top.AddMinutes(20));
        var between = await ReadAsync(reader);

        // Then the totals are those of the top (exact as of that second), the window the agent's now
        Assert.NotNull(between.Totals.Today);
        Assert.Equal(ReferenceAt(top).Today, between.Totals.Today);
        Assert.NotEqual(ReferenceRead.UsageTotals(_agent.MainDb, top, Berlin).Today, between.Totals.Today);
        AssertWindow(between.Window, _clock.GetUtcNow());

        // And once local midnight has passed, a cycle before the day's first read does not show yesterday's as today's
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 30, TimeSpan.FromHours(1)));
        var afterMidnight = await ReadAsync(reader);
        Assert.Null(afterMidnight.Totals.Today);
        Assert.Null(afterMidnight.Totals.Month);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1)), afterMidnight.Totals.TodayStart);
    }

    [Fact]
    public async Task ReadAsync_RestartTheSameDay_PublishesTheCalendarTotalsAtOnce()
    {
        // Given a reader that followed a top of the hour, its state kept in the state folder
        var first = Reader();
        await ReadAsync(first);
        var top = await ReadAtNextTopAsync(first);
        var before = (await ReadAsync(first)).Totals;
        Assert.Equal(6, _api.UsageRequests.Count(IsWholeHistory));

        // When the add-on restarts twenty minutes later
        _clock.SetUtcNow(top.AddMinutes(20));
        var restarted = await ReadAsync(Reader());

        // Then today and this month are known at its first cycle, the same as before, and the whole history was not read again
        Assert.NotNull(restarted.Totals.Today);
        Assert.Equal(before.Today, restarted.Totals.Today);
        Assert.Equal(before.Month, restarted.Totals.Month);
        Assert.Equal(before.Lifetime, restarted.Totals.Lifetime);
        Assert.Equal(6, _api.UsageRequests.Count(IsWholeHistory));
    }

    [Fact]
    public async Task ReadAsync_AgentUnreachableForTwoCycles_UnavailableThenTheSameValues()
    {
        // Given a reading
        var reader = Reader();
        var before = await ReadAsync(reader);

        // When the agent is down for two cycles
        _api.Failure = UsageFailure.Down;
        foreach (var _ in Enumerable.Range(0, 2))
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            var reading = await reader.ReadAsync(_clock.GetUtcNow(), CancellationToken.None);
            Assert.Null(reading.Value);
            Assert.Contains("is unreachable", reading.Problem, StringComparison.Ordinal);
        }

        // Then it comes back with the same totals (no row was written meanwhile)
        _api.Failure = UsageFailure.None;
        _clock.Advance(TimeSpan.FromSeconds(10));
        var after = await ReadAsync(reader);
        Assert.Equal(before.Totals.Lifetime, after.Totals.Lifetime);
        Assert.Equal(FullRecomputation.Describe(before.Window), FullRecomputation.Describe(after.Window));
        Assert.Equal(before.Totals.ByModel, after.Totals.ByModel);
    }

    [Fact]
    public async Task ReadAsync_RowCommittedJustAfterItsSecond_IsCountedOnce()
    {
        // Given the read at a top of the hour
        var reader = Reader();
        await ReadAsync(reader);
        var top = await ReadAtNextTopAsync(reader);

        // When a row stamped in that very second commits after the read (the agent stamps before it inserts)
        Row(top);
        var next = await ReadAtNextTopAsync(reader);

        // Then the next top counts it, once
        AssertLifetime((await ReadAsync(reader)).Totals, next);
    }

    [Theory]
    [InlineData(nameof(UsageFailure.Malformed), "is not the agent's usage summary")]
    [InlineData(nameof(UsageFailure.Oversized), "bytes")]
    [InlineData(nameof(UsageFailure.ServerError), "answered HTTP 500")]
    [InlineData(nameof(UsageFailure.NotFound), "answered HTTP 404")]
    public async Task ReadAsync_BadAnswer_UnavailableWithAClearReason(string failure, string reason)
    {
        // Given an agent that answers badly
        _api.Failure = Enum.Parse<UsageFailure>(failure);

        // When
        var reading = await Reader().ReadAsync(_clock.GetUtcNow(), CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.Contains(reason, reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_AgentsClockAhead_LearnsItAndHitsTheTopInTheAgentsTime()
    {
        // Given an agent whose clock is 1.7 s ahead of the add-on's
        _agentClock.Offset = TimeSpan.FromSeconds(1.7);
        var reader = Reader();
        await ReadAsync(reader);

        // When the reader's cycle comes at its next top
        var top = await ReadAtNextTopAsync(reader);

        // Then that read was in the agent's second of the top: the calendar totals are known, as of that second
        var totals = (await ReadAsync(reader)).Totals;
        Assert.NotNull(totals.Today);
        Assert.Equal(ReferenceAt(top).Today, totals.Today);
    }

    private UsageApiReader Reader()
    {
        var options = _agent.Options(_api.BaseUrl) with { ThaneDir = null };
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new UsageApiReader(
            new AgentApiClient(httpClients, options, _clock),
            new UsageHoursStore(Path.Combine(_state, UsageHoursStore.FileName), NullLogger<UsageHoursStore>.Instance),
            options,
            _clock,
            NullLogger<UsageApiReader>.Instance);
    }

    private async Task<UsageFigures> ReadAsync(UsageApiReader reader)
    {
        var reading = await reader.ReadAsync(_clock.GetUtcNow(), CancellationToken.None);
        Assert.True(reading.Value is not null, reading.Problem);
        return reading.Value;
    }

    /// <summary>Moves the clock to the reader's next own cycle and reads; the top of the hour (the agent's) it was for.</summary>
    private async Task<DateTimeOffset> ReadAtNextTopAsync(UsageApiReader reader)
    {
        var wake = reader.NextCycleAt ?? throw new InvalidOperationException("no top of the hour asked for");
        _clock.SetUtcNow(wake);
        await ReadAsync(reader);
        return Top(wake);
    }

    /// <summary>A request for more hours than the ten days of history: the whole history.</summary>
    private static bool IsWholeHistory(string query) =>
        long.Parse(query.Split("hours=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture) > 24 * 60;

    /// <summary>The agent's top of the hour a wake of the add-on's clock was aimed at.</summary>
    private DateTimeOffset Top(DateTimeOffset wake)
    {
        var agent = wake + _agentClock.Offset;
        return new DateTimeOffset(agent.UtcTicks - (agent.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    /// <summary>A fresh computation over every row stamped up to <paramref name="top"/>, that second included.</summary>
    private UsageTotalsFigures ReferenceAt(DateTimeOffset top) => ReferenceRead.UsageTotals(_agent.MainDb, top, Berlin, through: top);

    private void AssertLifetime(UsageTotalsFigures totals, DateTimeOffset asOf)
    {
        var expected = ReferenceAt(asOf);
        Assert.Equal(FullRecomputation.Describe(expected with { Today = null, Month = null }), FullRecomputation.Describe(totals with { Today = null, Month = null, TodayStart = expected.TodayStart, MonthStart = expected.MonthStart }));
    }

    /// <summary>The agent's window: every row of <c>[end − 24 h, end]</c>, <c>end</c> the agent's second.</summary>
    private void AssertWindow(UsageWindowFigures window, DateTimeOffset now)
    {
        var agentNow = now + _agentClock.Offset;
        var end = new DateTimeOffset(agentNow.UtcTicks - (agentNow.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var expected = ReferenceRead.Usage(_agent.MainDb, end - TimeSpan.FromHours(24), end.AddSeconds(1));

        // Tokens and models exactly; costs as floating-point sums, which the agent adds in its own order
        Assert.Equal((expected.InputTokens, expected.OutputTokens, expected.CacheReadTokens, expected.CacheWriteTokens), (window.InputTokens, window.OutputTokens, window.CacheReadTokens, window.CacheWriteTokens));
        Assert.Equal(expected.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens)), window.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens)));
        Assert.Equal(expected.CostUsd, window.CostUsd, 1e-9);
        Assert.All(expected.ByModel.Zip(window.ByModel), m => Assert.Equal(m.First.CostUsd, m.Second.CostUsd, 1e-9));
    }

    private void WriteUntil(DateTimeOffset until)
    {
        for (var at = _clock.GetUtcNow().AddSeconds(53); at < until; at = at.AddSeconds(397))
        {
            Row(at.Second == 0 && at.Minute == 0 ? at.AddSeconds(1) : at);
        }
    }

    private void Row(DateTimeOffset at) => AgentUsageRows.Add(_agent, at, ++_rows);
}
