using Telemetry.Sources.Tables;

namespace Telemetry.Tests.Sources.Tables;

public sealed class MemoryReliefTests
{
    [Fact]
    public void AfterCollection_NothingNoted_DoesNotCollect()
    {
        Assert.False(new MemoryRelief().AfterCollection());
    }

    [Fact]
    public void AfterCollection_LargeFullRead_CollectsOnceThenNotAgain()
    {
        // Given a full read of as many rows as make a collection worth it
        var relief = new MemoryRelief();
        relief.Note(TableRead.Full("first read", rowsRead: MemoryRelief.RowsWorthACollection, held: 10));

        // When / Then
        Assert.True(relief.AfterCollection());
        Assert.False(relief.AfterCollection());
    }

    [Theory]
    [InlineData(true, false, MemoryRelief.RowsWorthACollection - 1, 0)]
    [InlineData(false, false, 10 * MemoryRelief.RowsWorthACollection, 10 * MemoryRelief.RowsWorthACollection)]
    [InlineData(false, true, 10, MemoryRelief.RowsWorthACollection / 10 - 1)]
    public void AfterCollection_SmallOrSteadyRead_DoesNotCollect(bool full, bool audited, long rowsRead, long held)
    {
        // Given a small full read, a large incremental one, or an audit of a small window
        var relief = new MemoryRelief();
        relief.Note(new TableRead(full, audited, "test", rowsRead, held));

        // When / Then
        Assert.False(relief.AfterCollection());
    }

    [Fact]
    public void AfterCollection_AuditOfALargeWindow_Collects()
    {
        var relief = new MemoryRelief();
        relief.Note(TableRead.Audit(rowsRead: 3, held: MemoryRelief.RowsWorthACollection / 10));

        Assert.True(relief.AfterCollection());
    }

    [Fact]
    public void AfterCollection_AfterLargeWorkOutsideTheCycle_CollectsOnceThenNotAgain()
    {
        // Given the history import's first pass just ended
        var relief = new MemoryRelief();
        relief.AfterLargeWork();

        // When two cycles end
        var first = relief.AfterCollection();
        var second = relief.AfterCollection();

        // Then the first returned the memory, the second had nothing to do
        Assert.True(first);
        Assert.False(second);
    }
}
