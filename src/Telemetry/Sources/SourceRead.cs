namespace Telemetry.Sources;

internal static class SourceRead
{
    /// <summary>Runs one source's read; an expected failure becomes an unavailable reading, a bug still throws.</summary>
    public static async Task<Reading<T>> TryAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return Reading<T>.Ok(await read());
        }
        catch (Exception ex) when (SourceFailure.IsExpected(ex))
        {
            return Reading<T>.Unavailable(SourceFailure.Describe(ex));
        }
    }
}
