using Telemetry.Sources.Logs;

namespace Telemetry.Tests.Sources.Logs;

/// <summary>The latencies' sorted multiset, whose changes are merged in when its values are read.</summary>
public sealed class SortedDurationsTests
{
    [Fact]
    public void Values_ManyChangesBetweenReads_EqualASortedListOfWhatRemains()
    {
        // Given random additions and removals of earlier values (duplicates included), read at irregular points
        var random = new Random(7);
        var durations = new SortedDurations();
        var expected = new List<double>();
        for (var step = 0; step < 5_000; step++)
        {
            // When values come and go as requests gain rows and leave the window
            if (expected.Count > 0 && random.NextDouble() < 0.45)
            {
                var value = expected[random.Next(expected.Count)];
                expected.Remove(value);
                durations.Remove(value);
            }
            else
            {
                var value = random.Next(0, 200) * 12.5;
                expected.Add(value);
                durations.Add(value);
            }

            // Then the count is right at every step, and the values whenever they are read
            Assert.Equal(expected.Count, durations.Count);
            if (random.NextDouble() < 0.05)
            {
                Assert.Equal(expected.Order(), durations.Values);
            }
        }

        Assert.Equal(expected.Order(), durations.Values);
    }

    [Fact]
    public void Values_RemovedValueNeverAdded_Throws()
    {
        // Given a value added and another removed
        var durations = new SortedDurations();
        durations.Add(10);
        durations.Remove(20);

        // When the values are read, then the mistake surfaces
        Assert.Throws<InvalidOperationException>(() => durations.Values);
    }

    [Fact]
    public void Values_AddedAndRemovedBetweenReads_LeavesNoTrace()
    {
        // Given values read once, then a value added and removed again before the next read
        var durations = new SortedDurations();
        durations.Add(3);
        durations.Add(1);
        Assert.Equal([1.0, 3.0], durations.Values);
        durations.Add(2);
        durations.Remove(2);
        durations.Remove(1);

        // When read, then only what remains is there
        Assert.Equal([3.0], durations.Values);
    }
}
