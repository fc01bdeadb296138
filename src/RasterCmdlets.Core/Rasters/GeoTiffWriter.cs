using System.Collections.Concurrent;
using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Writes rasters as GeoTIFF (or COG), window by window, with the grid of their input: whatever a
/// producer fills each window with. The file is committed atomically (<see cref="OutputFile"/>).
/// </summary>
public static class GeoTiffWriter
{
    /// <summary>Writes the pixels of a band or stack as they are, one output band per source band.</summary>
    public static void WriteSource(IRasterSource source, string path, GeoTiffOptions options,
        ProgressReporter? progress = null, CancellationToken cancellation = default) =>
        Write(new SourcePixels(source), path, options, progress, cancellation);

    internal static void Write(IWindowProducer producer, string path, GeoTiffOptions options, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        // Taken before anything can fail: kept pixels go with this write, however it ends.
        using var kept = producer.TakeKeptPixels();
        options.Validate();
        OutputFile.Write(path, options.Overwrite, ".tif", temporary => WriteFile(producer, temporary, path, options, progress, cancellation, kept),
            cancellation);
    }

    /// <summary>
    /// Writes the file at <paramref name="file"/> itself (a temporary or in-memory path), and returns
    /// the path of the finished file: another one beside it for a COG.
    /// </summary>
    /// <param name="target">The path the user named, which errors name.</param>
    /// <param name="kept">The input's pixels kept by an earlier pass, read instead of the input.</param>
    internal static string WriteFile(IWindowProducer producer, string file, string target, GeoTiffOptions options, ProgressReporter? progress,
        CancellationToken cancellation, KeptPixels? kept = null)
    {
        var grid = producer.Input.Grid;
        using var dataset = RasterIOException.Wrap(RasterIORole.WriteOutput, target, () =>
            GdalDataset.Create("GTiff", file, grid.Width, grid.Height, producer.Bands.Count, producer.DataType.ToGdal(), options.GTiffCreationOptions()));
        RasterIOException.Wrap(RasterIORole.WriteOutput, target, () => Describe(dataset, producer, grid));
        Fill(dataset, producer, target, progress, cancellation, kept);
        cancellation.ThrowIfCancellationRequested();
        return RasterIOException.Wrap(RasterIORole.WriteOutput, target, () =>
        {
            var finished = file;
            if (options.CloudOptimized)
            {
                // The COG driver copies a complete dataset: it is written beside the temporary one.
                finished = Path.ChangeExtension(file, ".cog.tif");
                dataset.CopyTo("COG", finished, options.CogCreationOptions());
            }
            dataset.Close();
            return finished;
        });
    }

    private static bool Describe(GdalDataset dataset, IWindowProducer producer, RasterGrid grid)
    {
        dataset.GeoTransform = grid.GeoTransform?.ToGdal();
        dataset.ProjectionWkt = grid.Crs.Wkt;
        for (var b = 0; b < producer.Bands.Count; b++)
        {
            var band = dataset.GetBand(b + 1);
            var style = producer.Bands[b];
            if (style.NoDataValue is double nd) band.NoDataValue = nd;
            if (style.Colours is { } colours) band.SetColorTable(colours);
            if (style.CategoryNames is { Count: > 0 } names) band.SetCategoryNames(names);
        }
        return true;
    }

    private static void Fill(GdalDataset dataset, IWindowProducer producer, string path, ProgressReporter? progress, CancellationToken cancellation,
        KeptPixels? kept)
    {
        var bands = Enumerable.Range(1, producer.Bands.Count).Select(dataset.GetBand).ToArray();
        var size = producer.DataType.SizeInBytes();
        var windowList = WindowRunner.WindowsOf(producer.Input);
        var windows = windowList.Count;
        // GDAL's cache holds the blocks written until they are flushed: room for the output blocks
        // of three rows of windows (a block is finished by the next row of windows at the latest),
        // not for the whole file's (the cache would fill with finished blocks, 96 MB of them).
        var rowBytes = (long)producer.Input.Grid.Width * windowList.Max(w => w.Height) * size * bands.Length;
        using var cache = GdalCacheLimit.AtMost(Math.Max(32L << 20, 3 * rowBytes));
        // Output buffers go back to the pool once written: a few windows' worth, whatever the raster's size.
        var pool = new ConcurrentBag<byte[][]>();
        WindowRunner.Run(producer.Input, pixels =>
        {
            var bytes = pixels.Count * size;
            if (!pool.TryTake(out var output) || output[0].Length < bytes)
                output = Enumerable.Range(0, bands.Length).Select(_ => new byte[bytes]).ToArray();
            producer.Fill(pixels, output);
            return output;
        }, (index, window, output) =>
        {
            try
            {
                for (var b = 0; b < bands.Length; b++)
                    bands[b].Write<byte>(window, output[b].AsSpan(0, checked((int)window.PixelCount * size)), producer.DataType);
            }
            catch (GdalException e)
            {
                throw new RasterIOException(RasterIORole.WriteOutput, path, e);
            }
            pool.Add(output);
            progress?.Invoke(producer.Activity, (index + 1.0) / windows);
        }, cancellation, kept);
    }
}
