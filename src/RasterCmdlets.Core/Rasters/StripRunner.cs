using System.Collections.Concurrent;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Runs a computation over the strips of a source on every core and hands the results back in
/// strip order on the calling thread. Workers read with their own <see cref="PixelReader"/>; at most
/// a few strips are in flight, so memory does not grow with the raster. Because results are
/// combined in strip order, not completion order, they do not depend on the number of threads.
/// </summary>
public static class StripRunner
{
    /// <summary>Worker count; tests set it to show that results do not depend on it.</summary>
    public static int Parallelism { get; set; } = Environment.ProcessorCount;

    internal static IReadOnlyList<RasterWindow> StripsOf(IRasterSource source)
    {
        var blockHeight = source.Bands.Max(b => b.BlockHeight);
        return RasterWindow.Strips(source.Grid.Width, source.Grid.Height, blockHeight);
    }

    /// <summary>
    /// Calls <paramref name="compute"/> for each strip on worker threads, then <paramref name="consume"/>
    /// with each result in strip order on this thread (where progress may be reported).
    /// </summary>
    /// <param name="validity">False when <paramref name="compute"/> tells missing pixels by itself (see WindowPixels.HasValidity).</param>
    internal static void Run<T>(IRasterSource source, Func<WindowPixels, T> compute, Action<int, RasterWindow, T> consume,
        CancellationToken cancellation, bool validity = true)
    {
        var strips = StripsOf(source);
        var readers = new ConcurrentBag<(PixelReader Reader, WindowPixels Pixels)>();
        var workers = Math.Max(1, Parallelism);
        var inFlight = new Task<T>[strips.Count];
        var next = 0;
        try
        {
            for (var i = 0; i < strips.Count; i++)
            {
                while (next < strips.Count && next < i + workers + 1)
                {
                    var window = strips[next];
                    inFlight[next] = Task.Run(() =>
                    {
                        cancellation.ThrowIfCancellationRequested();
                        if (!readers.TryTake(out var worker))
                            worker = (new PixelReader(source.Bands), new WindowPixels(source.Bands));
                        try
                        {
                            worker.Reader.Read(window, worker.Pixels, validity);
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
                consume(i, strips[i], result);
            }
        }
        finally
        {
            // Let running strips finish before their readers are closed under them.
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
