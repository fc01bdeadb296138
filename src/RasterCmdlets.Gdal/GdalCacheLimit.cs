namespace RasterCmdlets.Gdal;

/// <summary>
/// Holds GDAL's block cache to a size for a pass whose blocks are known: one that reads every block
/// once (the windows of many class maps read side by side), where the cache would only fill with
/// blocks never read again, and the allocator keeps the memory they took; or one that must keep
/// some blocks decoded while others stream past (the coarse tiles of a spectral index).
/// </summary>
public static class GdalCacheLimit
{
    /// <summary>Lowers the cache to at most <paramref name="bytes"/> until disposed (through <see cref="GdalLibrary.CacheRoom"/>, so that the changes of several passes add up).</summary>
    public static IDisposable AtMost(long bytes)
    {
        GdalLibrary.EnsureInitialized();
        var cut = Math.Max(0, GdalNative.GDALGetCacheMax64() - bytes);
        return GdalLibrary.CacheRoom(-cut);
    }

    /// <summary>Sets the cache to <paramref name="bytes"/>, up or down, until disposed (as <see cref="AtMost"/>).</summary>
    public static IDisposable Exactly(long bytes)
    {
        GdalLibrary.EnsureInitialized();
        return GdalLibrary.CacheRoom(bytes - GdalNative.GDALGetCacheMax64());
    }
}
