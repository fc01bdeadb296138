using System.Collections.Concurrent;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Runs a computation over the windows of a source on every core and hands the results back in
/// window order on the calling thread. Workers read with their own <see cref="PixelReader"/>; at most
/// a few windows are in flight, so memory does not grow with the raster. Because results are
/// combined in window order, not completion order, they do not depend on the number of threads.
/// </summary>
public static class WindowRunner
{
    /// <summary>Worker count, one per core; a scope may set another (tests show that results do not depend on it).</summary>
    public static ScopedSetting<int> Parallelism { get; } = new(Environment.ProcessorCount);

    /// <summary>
    /// True for a band computed from JPEG 2000 bands (a spectral index): its coarser inputs' tiles
    /// serve several windows, and workers with readers of their own would each decode every one of
    /// them (their GDAL datasets share no blocks). The workers share one reader instead, which reads
    /// the band's sources apart (<see cref="DerivedBandReader"/>): one window's coarse tiles while
    /// another's finest ones decode.
    /// </summary>
    private static bool SharesCoarseTiles(RasterBand band) => band.IsComputed && band.IsJpeg2000;

    private static IDisposable? CacheForDerived(IRasterSource source)
    {
        long needed = 0;
        foreach (var band in source.Bands.Where(SharesCoarseTiles))
            needed += DerivedBandReader.CacheNeeded(band.Path, band.Grid) ?? 0;
        // What GDAL itself holds besides (VRT and mask bookkeeping): a few megabytes.
        return needed > 0 ? Gdal.GdalCacheLimit.Exactly(needed + (8L << 20)) : null;
    }

    internal static IReadOnlyList<RasterWindow> WindowsOf(IRasterSource source)
    {
        var blockWidth = source.Bands.Max(b => b.BlockWidth);
        var blockHeight = source.Bands.Max(b => b.BlockHeight);
        // OpenJPEG decodes a lone block with all its threads, but a request of several blocks one
        // block per thread, more slowly (10980² band, 1024² tiles: 8.9 s in windows of one tile,
        // 11.3 s in windows of two): JPEG 2000 is read a block at a time.
        var target = source.Bands.Any(b => b.IsJpeg2000) ? Math.Min(RasterWindow.TargetPixels, (long)blockWidth * blockHeight)
            : RasterWindow.TargetPixels;
        return RasterWindow.Tiling(source.Grid.Width, source.Grid.Height, blockWidth, blockHeight, target);
    }

    /// <summary>
    /// Calls <paramref name="compute"/> for each window on worker threads, then <paramref name="consume"/>
    /// with each result in window order on this thread (where progress may be reported). With
    /// <paramref name="kept"/>, windows it holds are read from it, and the others are stored in it
    /// as they are read from the source.
    /// </summary>
    internal static void Run<T>(IRasterSource source, Func<WindowPixels, T> compute, Action<int, RasterWindow, T> consume,
        CancellationToken cancellation, KeptPixels? kept = null)
    {
        var windows = WindowsOf(source);
        var readsSource = kept is null || !kept.HoldsEveryWindow;
        var workers = Math.Max(1, Parallelism.Value);
        // When windows cut blocks, the workers share one reader, whose GDAL datasets keep a block
        // decoded for the first window of it to serve the next ones. Its blocks, one per band, must
        // all stay in GDAL's cache meanwhile: one pushed out by the next band's would be decoded again.
        // A pass served wholly from kept pixels decodes nothing, and leaves the cache as it is (the
        // writer's blocks would fill any room given).
        var windowsCutBlocks = readsSource && source.Bands.Any(b => b.HasBlocksLargerThanAWindow);
        var shared = windowsCutBlocks || (readsSource && source.Bands.Any(SharesCoarseTiles)) ? new PixelReader(source.Bands) : null;
        using var room = windowsCutBlocks ? Gdal.GdalLibrary.CacheRoom(source.Bands.Sum(b => b.BlockBytes)) : null;
        // A derived band's pass keeps its coarse sources' tiles decoded and no more: the finest
        // band's blocks, each read once, would otherwise fill the cache (and the process's memory).
        using var derivedCache = shared is not null && !windowsCutBlocks ? CacheForDerived(source) : null;
        // Buffers for every window in flight, but readers only for as many windows as are read at
        // once: each reader's datasets decode the blocks they read, whatever other readers decoded.
        // A window's computation runs after its reader is free for the next window.
        var firstReader = shared ?? new PixelReader(source.Bands);
        var idleReaders = new ConcurrentBag<PixelReader>([firstReader]);
        var readers = new ConcurrentBag<PixelReader>([firstReader]);
        using var reading = new SemaphoreSlim(workers);
        var idleBuffers = new ConcurrentBag<WindowPixels>();
        var buffers = new ConcurrentBag<WindowPixels>();
        var inFlight = new Task<T>[windows.Count];
        var next = 0;
        T ReadAndCompute(int index)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!idleBuffers.TryTake(out var pixels))
            {
                pixels = firstReader.NewWindowBuffers();
                buffers.Add(pixels);
            }
            try
            {
                if (kept is null || !kept.TryRead(index, pixels))
                {
                    reading.Wait(cancellation);
                    if (!idleReaders.TryTake(out var reader))
                    {
                        reader = shared ?? new PixelReader(source.Bands);
                        readers.Add(reader);
                    }
                    try
                    {
                        reader.Read(windows[index], pixels);
                        kept?.Keep(index, pixels);
                    }
                    finally
                    {
                        idleReaders.Add(reader);
                        reading.Release();
                    }
                }
                return compute(pixels);
            }
            finally
            {
                idleBuffers.Add(pixels);
            }
        }
        try
        {
            for (var i = 0; i < windows.Count; i++)
            {
                while (next < windows.Count && next < i + workers + 1)
                {
                    var index = next;
                    inFlight[index] = Task.Run(() => ReadAndCompute(index), cancellation);
                    next++;
                }
                T result;
                try
                {
                    result = inFlight[i].GetAwaiter().GetResult();
                }
                finally
                {
                    inFlight[i] = null!;
                }
                cancellation.ThrowIfCancellationRequested();
                consume(i, windows[i], result);
            }
        }
        finally
        {
            // Let running windows finish before their readers are closed under them.
            foreach (var task in inFlight)
                if (task is not null) try { task.Wait(); } catch { /* the first failure is already thrown */ }
            foreach (var pixels in buffers) pixels.Release();
            foreach (var reader in readers.Distinct()) reader.Dispose();
        }
    }
}
