using System.Runtime.InteropServices;
using RasterCmdlets.Core.Gdal;

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
        var sourceBand = GdalNative.GDALGetRasterBand(source.Handle, classMap.BandNumber);
        if (sourceBand == 0) throw GdalCall.LastError($"Reading band {classMap.BandNumber} of '{classMap.Path}'");
        var (width, height, type) = (classMap.Width, classMap.Height, classMap.DataType);

        // GDAL's sieve merges each small region into its largest neighbour in one pass; a region
        // whose neighbours were all small may end that pass still small. Passes repeat (in memory)
        // until one changes nothing, so that no region under the threshold is left.
        GdalDataset? previous = null;
        try
        {
            var from = sourceBand;
            for (var pass = 1; ; pass++)
            {
                var memory = GdalDataset.Create("MEM", "", width, height, 1, type, []);
                var to = GdalNative.GDALGetRasterBand(memory.Handle, 1);
                if (classMap.NoDataValue is double nd) GdalNative.GDALSetRasterNoDataValue(to, nd);
                // The mask of the first pass is the source's; later passes keep NoData where it was.
                var mask = classMap.Mask == MaskKind.AllValid ? 0 : GdalNative.GDALGetMaskBand(pass == 1 ? sourceBand : from);
                GdalProgress.Run(pass == 1 ? f => progress?.Invoke("Sieving", f) : null, cancellation,
                    $"Sieving '{classMap.Path}'",
                    (function, data) => GdalNative.GDALSieveFilter(from, mask, to, threshold, eightConnected ? 8 : 4, 0, function, data));
                var changed = pass == 1 || !SamePixels(from, to, width, height, type, cancellation);
                previous?.Dispose();
                previous = memory;
                from = to;
                if (!changed || pass == MaxPasses) break;
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

    private static unsafe bool SamePixels(nint a, nint b, int width, int height, RasterDataType type, CancellationToken cancellation)
    {
        var rows = Math.Max(1, (1 << 22) / Math.Max(1, width * type.SizeInBytes()));
        var size = rows * width * type.SizeInBytes();
        var left = new byte[size];
        var right = new byte[size];
        for (var y = 0; y < height; y += rows)
        {
            cancellation.ThrowIfCancellationRequested();
            var n = Math.Min(rows, height - y);
            fixed (byte* l = left, r = right)
            {
                GdalCall.Check(GdalNative.GDALRasterIO(a, GdalNative.GF_Read, 0, y, width, n, l, width, n, (int)type, 0, 0), "Reading the sieved map");
                GdalCall.Check(GdalNative.GDALRasterIO(b, GdalNative.GF_Read, 0, y, width, n, r, width, n, (int)type, 0, 0), "Reading the sieved map");
            }
            var bytes = n * width * type.SizeInBytes();
            if (!left.AsSpan(0, bytes).SequenceEqual(right.AsSpan(0, bytes))) return false;
        }
        return true;
    }

    /// <summary>Copies the sieved pixels into a tiled, compressed GeoTIFF with the source's metadata.</summary>
    private static void WriteGeoTiff(GdalDataset sieved, GdalDataset source, nint sourceBand, string output)
    {
        var band = GdalNative.GDALGetRasterBand(sieved.Handle, 1);
        sieved.GeoTransform = source.GeoTransform;
        sieved.ProjectionWkt = source.ProjectionWkt;
        var colours = GdalNative.GDALGetRasterColorTable(sourceBand);
        if (colours != 0) GdalCall.Check(GdalNative.GDALSetRasterColorTable(band, colours), "Setting the colour table");
        var names = GdalNative.GDALGetRasterCategoryNames(sourceBand);
        if (names != 0) GdalCall.Check(GdalNative.GDALSetRasterCategoryNames(band, names), "Setting the category names");
        sieved.CopyTo("GTiff", output, ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "NUM_THREADS=ALL_CPUS", "BIGTIFF=IF_SAFER"]);
    }
}
