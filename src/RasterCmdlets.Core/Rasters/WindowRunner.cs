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
    /// <summary>Worker count; tests set it to show that results do not depend on it.</summary>
    public static int Parallelism { get; set; } = Environment.ProcessorCount;

    internal static IReadOnlyList<RasterWindow> WindowsOf(IRasterSource source)
    {
        return RasterWindow.Tiling(source.Grid.Width, source.Grid.Height,
            source.Bands.Max(b => b.BlockWidth), source.Bands.Max(b => b.BlockHeight));
    }

    /// <summary>
    /// Calls <paramref name="compute"/> for each window on worker threads, then <paramref name="consume"/>
    /// with each result in window order on this thread (where progress may be reported).
    /// </summary>
    internal static void Run<T>(IRasterSource source, Func<WindowPixels, T> compute, Action<int, RasterWindow, T> consume,
        CancellationToken cancellation)
    {
        var windows = WindowsOf(source);
        var readers = new ConcurrentBag<(PixelReader Reader, WindowPixels Pixels)>();
        var workers = Math.Max(1, Parallelism);
        var inFlight = new Task<T>[windows.Count];
        var next = 0;
        try
        {
            for (var i = 0; i < windows.Count; i++)
            {
                while (next < windows.Count && next < i + workers + 1)
                {
                    var window = windows[next];
                    inFlight[next] = Task.Run(() =>
                    {
                        cancellation.ThrowIfCancellationRequested();
                        if (!readers.TryTake(out var worker))
                        {
                            var reader = new PixelReader(source.Bands);
                            worker = (reader, reader.NewWindowBuffers());
                        }
                        try
                        {
                            worker.Reader.Read(window, worker.Pixels);
                            return compute(worker.Pixels);
                        }
                        finally
                        {
                            readers.Add(worker);
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
            foreach (var (reader, pixels) in readers)
            {
                reader.Dispose();
                pixels.Release();
            }
        }
    }
}
