using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Tests;

/// <summary>Runs work with another setting for this test alone (settings are scoped to the calling flow).</summary>
public static class Settings
{
    public static T WithThreads<T>(int workers, Func<T> work)
    {
        using (WindowRunner.Parallelism.Use(workers)) return work();
    }
}
