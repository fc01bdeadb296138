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
    /// True for a band computed from JPEG 2000 bands (a spectral index): its coarser inputs are
    /// warped for each window, and workers of their own would each decode every coarse tile (their
    /// GDAL datasets share no blocks), while GDAL's JPEG 2000 decoder uses every core by itself.
    /// Measured on a 10980² MNDWI of B03 and B11 with their SCL: 18.95 s and 877 MB with one
    /// worker, 21.25 s and 1226 MB with two, the same bytes written.
    /// </summary>
    private static bool DecodesBestAlone(RasterBand band) => band.IsComputed && band.IsJpeg2000;

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
        var workers = readsSource && source.Bands.Any(DecodesBestAlone) ? 1 : Math.Max(1, Parallelism.Value);
        // When windows cut blocks, the workers share one reader, whose GDAL datasets keep a block
        // decoded for the first window of it to serve the next ones. Its blocks, one per band, must
        // all stay in GDAL's cache meanwhile: one pushed out by the next band's would be decoded again.
        // A pass served wholly from kept pixels decodes nothing, and leaves the cache as it is (the
        // writer's blocks would fill any room given).
        var shared = readsSource && source.Bands.Any(b => b.HasBlocksLargerThanAWindow) ? new PixelReader(source.Bands) : null;
        using var room = shared is null ? null : Gdal.GdalLibrary.CacheRoom(source.Bands.Sum(b => b.BlockBytes));
        var idle = new ConcurrentBag<(PixelReader Reader, WindowPixels Pixels)>();
        var inFlight = new Task<T>[windows.Count];
        var next = 0;
        try
        {
            for (var i = 0; i < windows.Count; i++)
            {
                while (next < windows.Count && next < i + workers + 1)
                {
                    var index = next;
                    inFlight[index] = Task.Run(() =>
                    {
                        cancellation.ThrowIfCancellationRequested();
                        if (!idle.TryTake(out var worker))
                        {
                            var reader = shared ?? new PixelReader(source.Bands);
                            worker = (reader, reader.NewWindowBuffers());
                        }
                        try
                        {
                            if (kept is null || !kept.TryRead(index, worker.Pixels))
                            {
                                worker.Reader.Read(windows[index], worker.Pixels);
                                kept?.Keep(index, worker.Pixels);
                            }
                            return compute(worker.Pixels);
                        }
                        finally
                        {
                            idle.Add(worker);
                        }
                    }, cancellation);
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
            foreach (var (reader, pixels) in idle)
            {
                if (reader != shared) reader.Dispose();
                pixels.Release();
            }
            shared?.Dispose();
        }
    }
}
