namespace RasterCmdlets.Gdal;

/// <summary>
/// Holds GDAL's block cache to a size for a pass that reads every block once (the windows of many
/// class maps read side by side): the cache would only fill with blocks never read again, and the
/// allocator keeps the memory they took, one block of every map at a time.
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
}
