using Microsoft.Extensions.Time.Testing;
using Telemetry.Hosting;

namespace Telemetry.Tests.Hosting;

/// <summary>How Home Assistant's births turn into full republishes, counted exactly on a clock the test moves.</summary>
public sealed class BirthDebounceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly BirthDebounce _debounce;
    private int _republishes;
    private DateTimeOffset? _deferredUntil;

    public BirthDebounceTests() => _debounce = new BirthDebounce(_clock);

    [Fact]
    public void OnBirth_First_IsAnsweredAtOnce()
    {
        // When
        Birth();

        // Then
        Assert.Equal(1, _republishes);
        Assert.Null(_deferredUntil);
    }

    [Fact]
    public void OnBirth_FiftyAtOnce_TwoRepublishesTheSecondAtTheEndOfTheQuietPeriod()
    {
        // When fifty births arrive in the same instant
        for (var i = 0; i < 50; i++)
        {
            Birth();
        }

        // Then one republish now, one planned for the end of the quiet period, none more
        Assert.Equal(1, _republishes);
        Assert.Equal(_clock.GetUtcNow() + BirthDebounce.QuietPeriod, _deferredUntil);

        // When the quiet period passes
        Advance(BirthDebounce.QuietPeriod);

        // Then
        Assert.Equal(2, _republishes);
        Assert.Null(_deferredUntil);
    }

    [Fact]
    public void OnBirth_SecondAfterThreeSeconds_WaitsTheRestOfTheQuietPeriod()
    {
        // Given
        Birth();

        // When
        Advance(TimeSpan.FromSeconds(3));
        Birth();

        // Then
        Assert.Equal(1, _republishes);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(7), _deferredUntil);
        Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(2, _republishes);
    }

    [Fact]
    public void OnBirth_AfterAQuietPeriod_IsAnsweredAtOnceAgain()
    {
        // Given
        Birth();

        // When
        Advance(BirthDebounce.QuietPeriod);
        Birth();

        // Then
        Assert.Equal(2, _republishes);
        Assert.Null(_deferredUntil);
    }

    [Fact]
    public void OnBirth_JustAfterADeferredRepublish_IsDeferredAgain()
    {
        // Given a flood answered by the deferred republish
        Birth();
        Birth();
        Advance(BirthDebounce.QuietPeriod);

        // When another birth comes a second later
        Advance(TimeSpan.FromSeconds(1));
        Birth();

        // Then it waits for the rest of the quiet period after that republish
        Assert.Equal(2, _republishes);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(9), _deferredUntil);
    }

    /// <summary>What the continuous run does with a birth.</summary>
    private void Birth()
    {
        var wait = _debounce.OnBirth();
        if (wait == TimeSpan.Zero)
        {
            _republishes++;
        }
        else if (wait is { } delay)
        {
            Assert.Null(_deferredUntil);
            _deferredUntil = _clock.GetUtcNow() + delay;
        }
    }

    /// <summary>Moves the clock, firing the deferred republish when its time comes, as the run's timer would.</summary>
    private void Advance(TimeSpan by)
    {
        var until = _clock.GetUtcNow() + by;
        if (_deferredUntil is { } due && due <= until)
        {
            _clock.Advance(due - _clock.GetUtcNow());
            _deferredUntil = null;
            _debounce.DeferredDue();
            _republishes++;
        }

        _clock.Advance(until - _clock.GetUtcNow());
    }
}
