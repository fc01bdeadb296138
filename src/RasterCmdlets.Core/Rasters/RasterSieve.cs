using System.Runtime.InteropServices;
using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Removes the speckle of a class map with GDAL's sieve filter (GDALSieveFilter, as gdal_sieve.py):
/// regions of fewer pixels than the threshold are merged into their largest neighbour. Missing
/// pixels are passed as the mask, so they are neither merged nor grown into. The result is a
/// tiled GeoTIFF in the module's temporary folder, with the source's georeferencing, NoData,
/// colour table and category names.
/// </summary>
public static class RasterSieve
{
    /// <summary>Passes at most: each pass after the first merges what the one before left (few regions).</summary>
    public const int MaxPasses = 16;

    public static RasterBand Run(RasterBand classMap, int threshold, bool eightConnected, ProgressReporter? progress = null,
        CancellationToken cancellation = default)
    {
        ClassMapFile.RequireIntegers(classMap);
        if (threshold < 1)
            throw new RasterException("InvalidThreshold", RasterErrorKind.InvalidArgument, $"The threshold is a number of pixels, at least 1, not {threshold}.");
        var output = ModuleTemp.NewFile(ModuleTemp.StemOf(classMap.Path) + ".sieved", ".tif");
        try
        {
            // GDAL failures are the input's while sieving; writing the result wraps its own.
            RasterIOException.Wrap(RasterIORole.ReadInput, classMap.Path, () =>
            {
                Sieve(classMap, output, threshold, eightConnected, progress, cancellation);
                return true;
            });
            return RasterBand.Open(output, [1])[0];
        }
        catch
        {
            ModuleTemp.Delete(output);
            throw;
        }
    }

    private static void Sieve(RasterBand classMap, string output, int threshold, bool eightConnected, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        using var source = RasterIOException.Wrap(RasterIORole.OpenInput, classMap.Path, () => GdalDataset.Open(classMap.Path));
        var sourceBand = source.GetBand(classMap.BandNumber);
        var (width, height, type) = (classMap.Width, classMap.Height, classMap.DataType);
        var validity = ValidityPlan.Of(classMap);
        if (validity.HasKindsBeyondGdalMask)
            throw new RasterException("MaskRasterNotSupported", RasterErrorKind.NotSupported,
                $"{classMap} is masked by another raster (Set-RasterMask): write it with Export-GeoTiff first, then sieve the file.");

        // GDAL's sieve merges each small region into its largest neighbour in one pass; a region
        // whose neighbours were all small may end that pass still small. Passes repeat (in memory)
        // until one changes nothing, so that no region under the threshold is left. Every in-memory
        // dataset is disposed however the passes end (an error, Ctrl+C).
        GdalDataset? previous = null;
        try
        {
            var from = sourceBand;
            for (var pass = 1; ; pass++)
            {
                var memory = GdalDataset.Create("MEM", "", width, height, 1, type.ToGdal(), []);
                try
                {
                    var to = memory.GetBand(1);
                    if (classMap.NoDataValue is double nd) to.NoDataValue = nd;
                    // The mask of the first pass is the source's; later passes keep NoData where it was.
                    GdalBand? mask = validity.NeedsGdalMaskBand ? from.MaskBand : null;
                    GdalAlgorithms.Sieve(from, mask, to, threshold, eightConnected, pass == 1 ? f => progress?.Invoke("Sieving", f) : null,
                        cancellation, $"Sieving '{classMap.Path}'");
                    var changed = pass == 1 || !SamePixels(from, to, width, height, type, cancellation);
                    previous?.Dispose();
                    (previous, memory) = (memory, null);
                    from = to;
                    if (!changed || pass == MaxPasses) break;
                }
                finally
                {
                    memory?.Dispose();
                }
            }
            RasterIOException.Wrap(RasterIORole.WriteOutput, output, () =>
            {
                WriteGeoTiff(previous!, source, sourceBand, output);
                return true;
            });
        }
        finally
        {
            previous?.Dispose();
        }
    }

    private static bool SamePixels(GdalBand a, GdalBand b, int width, int height, RasterDataType type, CancellationToken cancellation)
    {
        var rows = Math.Max(1, (1 << 22) / Math.Max(1, width * type.SizeInBytes()));
        var size = rows * width * type.SizeInBytes();
        var left = new byte[size];
        var right = new byte[size];
        for (var y = 0; y < height; y += rows)
        {
            cancellation.ThrowIfCancellationRequested();
            var n = Math.Min(rows, height - y);
            var window = new RasterWindow(0, y, width, n);
            a.Read(window, left.AsSpan(), type);
            b.Read(window, right.AsSpan(), type);
            var bytes = n * width * type.SizeInBytes();
            if (!left.AsSpan(0, bytes).SequenceEqual(right.AsSpan(0, bytes))) return false;
        }
        return true;
    }

    /// <summary>Copies the sieved pixels into a tiled, compressed GeoTIFF with the source's metadata.</summary>
    private static void WriteGeoTiff(GdalDataset sieved, GdalDataset source, GdalBand sourceBand, string output)
    {
        var band = sieved.GetBand(1);
        sieved.GeoTransform = source.GeoTransform;
        sieved.ProjectionWkt = source.ProjectionWkt;
        if (sourceBand.ColorTable is { } colours) band.SetColorTable(colours);
        if (sourceBand.CategoryNames is { Count: > 0 } names) band.SetCategoryNames(names);
        sieved.CopyTo("GTiff", output, ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "NUM_THREADS=ALL_CPUS", "BIGTIFF=IF_SAFER"]);
    }
}
