namespace Telemetry.Benchmarks.Measurement;

/// <summary>The kernel's page cache, emptied for a measurement of reads from the disk (needs root).</summary>
internal static class PageCache
{
    public static void Drop()
    {
        // Dirty pages are written first, or they would stay cached.
        using (var sync = System.Diagnostics.Process.Start("sync"))
        {
            sync?.WaitForExit();
        }

        File.WriteAllText("/proc/sys/vm/drop_caches", "1");
    }
}
