using System.Collections.Concurrent;
using System.Numerics;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Writes rasters as GeoTIFF, window by window, into a temporary file beside the target that is
/// renamed into place only once complete and flushed: a failure or a cancellation never leaves a
/// partial file, nor destroys an existing one.
/// </summary>
public static class GeoTiffWriter
{
    /// <summary>Writes a class map: the labels are computed window by window as they are written.</summary>
    public static void WriteClasses(ClassifiedRaster raster, string path, GeoTiffOptions options,
        ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        WriteAtomically(path, options, raster.Grid, 1, raster.LabelDataType,
            dataset => FillClasses(raster, dataset, options, progress, cancellation), cancellation);
    }

    /// <summary>Writes a class map into a new one-band dataset of the raster's grid and label type.</summary>
    internal static void FillClasses(ClassifiedRaster raster, GdalDataset dataset, GeoTiffOptions options,
        ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        var band = dataset.GetBand(1);
        if (raster.NoDataPixelCount > 0) band.NoDataValue = raster.NoDataLabel;
        if (raster.LabelDataType == RasterDataType.Byte) band.SetColorTable(ClassColours.For(raster.K));
        if (options.ClassNames.Count > 0) band.SetCategoryNames(options.ClassNames);
        if (raster.LabelDataType == RasterDataType.Byte) WriteLabels<byte>(raster, band, progress, cancellation);
        else WriteLabels<ushort>(raster, band, progress, cancellation);
    }

    private static void WriteLabels<TLabel>(ClassifiedRaster raster, GdalBand band, ProgressReporter? progress, CancellationToken cancellation)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var source = raster.Source;
        var classifier = new PixelClassifier(raster.Model, source.Bands.Select(b => b.DataType).ToArray(), source.Bands, raster.NoDataLabel);
        var windows = WindowRunner.WindowsOf(source).Count;
        // Label buffers go back to the pool once written: a few windows' worth, whatever the raster's size.
        var pool = new ConcurrentBag<TLabel[]>();
        WindowRunner.Run(source, pixels =>
        {
            if (!pool.TryTake(out var labels) || labels.Length < pixels.Count) labels = new TLabel[pixels.Count];
            classifier.Classify<TLabel>(pixels, labels);
            return labels;
        }, (index, window, labels) =>
        {
            band.Write<TLabel>(window, labels, raster.LabelDataType);
            pool.Add(labels);
            progress?.Invoke("Writing classes", (index + 1.0) / windows);
        }, cancellation, classifier.NeedsValidity);
    }

    /// <summary>Writes the pixels of a band or stack as they are, one output band per source band.</summary>
    public static void WriteSource(IRasterSource source, string path, GeoTiffOptions options,
        ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        var types = source.Bands.Select(b => b.DataType).Distinct().ToArray();
        var type = types.Length == 1 ? types[0] : RasterDataType.Float64;
        WriteAtomically(path, options, source.Grid, source.Bands.Count, type, dataset =>
        {
            var bands = Enumerable.Range(1, source.Bands.Count).Select(dataset.GetBand).ToArray();
            for (var b = 0; b < bands.Length; b++)
                if (source.Bands[b].NoDataValue is double nd && type.CanHold(nd)) bands[b].NoDataValue = nd;
            var windows = WindowRunner.WindowsOf(source).Count;
            WindowRunner.Run(source, pixels =>
            {
                // Copy out: the reader's buffers are reused as soon as this returns.
                return Enumerable.Range(0, bands.Length).Select(b => (pixels.Types[b], pixels.RawBand(b).ToArray())).ToArray();
            }, (index, window, planes) =>
            {
                for (var b = 0; b < bands.Length; b++)
                {
                    if (planes[b].Item1 == type) bands[b].Write<byte>(window, planes[b].Item2, type);
                    else
                    {
                        var values = new double[window.PixelCount];
                        for (var i = 0; i < values.Length; i++) values[i] = PixelMath.ValueAt(planes[b].Item2, planes[b].Item1, i);
                        bands[b].Write<double>(window, values, RasterDataType.Float64);
                    }
                }
                progress?.Invoke("Writing pixels", (index + 1.0) / windows);
            }, cancellation);
        }, cancellation);
    }

    private static void WriteAtomically(string path, GeoTiffOptions options, RasterGrid grid, int bands, RasterDataType type,
        Action<GdalDataset> fill, CancellationToken cancellation)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
            throw new RasterException("OutputFolderNotFound", RasterErrorKind.InvalidArgument, $"The folder '{folder}' does not exist.");
        if (Directory.Exists(target))
            throw new RasterException("OutputIsFolder", RasterErrorKind.InvalidArgument, $"'{target}' is a folder, not a file.");
        if (File.Exists(target) && !options.Overwrite)
            throw new RasterException("OutputExists", RasterErrorKind.OutputExists, $"'{target}' already exists; use -Force to replace it.");

        var stem = $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        var temporary = Path.Combine(folder, stem + ".tmp.tif");
        var cog = Path.Combine(folder, stem + ".cog.tif");
        try
        {
            using (var dataset = GdalDataset.Create("GTiff", temporary, grid.Width, grid.Height, bands, type, options.GTiffCreationOptions()))
            {
                dataset.GeoTransform = grid.GeoTransform;
                dataset.ProjectionWkt = grid.Crs.Wkt;
                fill(dataset);
                cancellation.ThrowIfCancellationRequested();
                if (options.CloudOptimized) dataset.CopyTo("COG", cog, options.CogCreationOptions());
                dataset.Close();
            }
            cancellation.ThrowIfCancellationRequested();
            var finished = options.CloudOptimized ? cog : temporary;
            File.Move(finished, target, options.Overwrite);
            MoveSidecar(finished, target);
        }
        catch (IOException e) when (File.Exists(target) && !options.Overwrite)
        {
            throw new RasterException("OutputExists", RasterErrorKind.OutputExists, $"'{target}' already exists: {e.Message}");
        }
        finally
        {
            foreach (var leftover in new[] { temporary, cog })
            {
                TryDelete(leftover);
                TryDelete(leftover + ".aux.xml");
            }
        }
    }

    /// <summary>GDAL keeps category names in a .aux.xml beside the file: it moves with it.</summary>
    private static void MoveSidecar(string finished, string target)
    {
        var sidecar = finished + ".aux.xml";
        if (File.Exists(sidecar)) File.Move(sidecar, target + ".aux.xml", overwrite: true);
        else if (File.Exists(target + ".aux.xml")) TryDelete(target + ".aux.xml");
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A fixed, distinguishable palette for class maps, so that viewers show classes at once.</summary>
internal static class ClassColours
{
    private static readonly (byte, byte, byte)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    public static IReadOnlyList<(byte R, byte G, byte B, byte A)> For(int k)
    {
        var colours = new List<(byte, byte, byte, byte)>();
        for (var i = 0; i < 256; i++)
        {
            var (r, g, b) = Palette[i % Palette.Length];
            colours.Add(i < k ? (r, g, b, (byte)255) : ((byte)0, (byte)0, (byte)0, (byte)0));
        }
        return colours;
    }
}
