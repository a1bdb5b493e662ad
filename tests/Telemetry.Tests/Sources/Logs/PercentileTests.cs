using Telemetry.Sources.Logs;

namespace Telemetry.Tests.Sources.Logs;

/// <summary>Linear interpolation as the agent computes it (thane-data-sources §3, §6).</summary>
public sealed class PercentileTests
{
    [Fact]
    public void Of_Empty_IsZero()
    {
        // When / Then
        Assert.Equal(0, Percentile.Of([], 50));
    }

    [Fact]
    public void Of_SingleValue_IsThatValueAtAnyPercentile()
    {
        // Given
        double[] one = [100];

        // When / Then
        Assert.Equal(100, Percentile.Of(one, 50));
        Assert.Equal(100, Percentile.Of(one, 95));
        Assert.Equal(100, Percentile.Of(one, 0));
    }

    [Fact]
    public void Of_TwoValuesAtP50_InterpolatesHalfway()
    {
        // When
        var p50 = Percentile.Of([100, 200], 50);

        // Then within the agent's [140, 160], exactly 150
        Assert.InRange(p50, 140, 160);
        Assert.Equal(150, p50, 9);
    }

    [Fact]
    public void Of_ThreeValuesAtP95_InterpolatesNearTheTop()
    {
        // When
        var p95 = Percentile.Of([10, 20, 30], 95);

        // Then within the agent's [28, 30], exactly 29
        Assert.InRange(p95, 28, 30);
        Assert.Equal(29, p95, 9);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(25, 2)]
    [InlineData(50, 3)]
    [InlineData(100, 5)]
    public void Of_Bounds_MatchPercentileInc(double p, double expected)
    {
        // Given 1..5 (Excel PERCENTILE.INC / numpy "linear")

        // When
        var value = Percentile.Of([1, 2, 3, 4, 5], p);

        // Then
        Assert.Equal(expected, value, 9);
    }
}
