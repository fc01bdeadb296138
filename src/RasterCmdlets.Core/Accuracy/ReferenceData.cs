using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// The samples of a reference, tallied against the map: how many samples have each pair of map
/// label and reference class, and what the reference's classes are.
/// </summary>
internal sealed record ReferenceData(string Kind, IReadOnlyDictionary<(long Map, long Reference), long> Counts,
    IReadOnlyList<ReferenceClass> Classes, bool IsStratifiedSample)
{
    public long SampleCount => Counts.Values.Sum();

    public static ReferenceData Read(AssessedMap map, ClassAccuracyOptions options, Action<string>? warn, ProgressReporter? progress,
        CancellationToken cancellation) =>
        options.ReferenceField is null && !VectorReference.IsVector(options.Reference)
            ? FromRaster(map, options.Reference, progress, cancellation)
            : VectorReference.Read(map, options, warn, progress, cancellation);

    /// <summary>Band 1 of a raster of classes, read beside the map on the map's grid.</summary>
    private static ReferenceData FromRaster(AssessedMap map, string path, ProgressReporter? progress, CancellationToken cancellation)
    {
        var band = RasterBand.Open(path, [1])[0];
        if (!band.DataType.IsHistogrammable())
            throw new RasterException("NotAClassMap", RasterErrorKind.InvalidArgument,
                $"The reference {band} is {band.DataType}: a raster of classes has integer pixels.");
        if (map.Grid.DescribeMismatch(band.Grid) is not null)
        {
            RequireOverlap(map.Grid, band.Grid, path);
            band = band.ResampledOnto(map.Grid, RasterResampling.Nearest);
        }
        var counts = Tally(map, band, progress, cancellation);
        var classes = counts.Keys.Select(p => p.Item2).Distinct().Order()
            .Select(v => new ReferenceClass(v, v.ToString(), v >= 0 && v < band.ClassNames.Count && band.ClassNames[(int)v].Length > 0 ? band.ClassNames[(int)v] : null))
            .ToArray();
        return new ReferenceData("Raster", counts, classes, false);
    }

    /// <summary>Refuses a reference in the map's CRS whose extent does not meet the map's (before reading any pixel).</summary>
    private static void RequireOverlap(RasterGrid map, RasterGrid reference, string path)
    {
        if (map.GeoTransform is not GeoTransform a || reference.GeoTransform is not GeoTransform b || a.IsRotated || b.IsRotated) return;
        if (map.Crs.IsEmpty != reference.Crs.IsEmpty || (map.Crs.Epsg is int x && reference.Crs.Epsg is int y ? x != y : map.Crs.Wkt != reference.Crs.Wkt)) return;
        var (ax0, ax1) = Span(a.OriginX, a.PixelWidth * map.Width);
        var (ay0, ay1) = Span(a.OriginY, a.PixelHeight * map.Height);
        var (bx0, bx1) = Span(b.OriginX, b.PixelWidth * reference.Width);
        var (by0, by1) = Span(b.OriginY, b.PixelHeight * reference.Height);
        if (bx0 >= ax1 || bx1 <= ax0 || by0 >= ay1 || by1 <= ay0)
            throw new RasterException("NoOverlap", RasterErrorKind.Mismatch,
                $"'{path}' (x {bx0}..{bx1}, y {by0}..{by1}) does not overlap the map (x {ax0}..{ax1}, y {ay0}..{ay1}).");
    }

    private static (double, double) Span(double origin, double length) => (Math.Min(origin, origin + length), Math.Max(origin, origin + length));

    /// <summary>One pass over the map and the reference together: the pairs of every pixel valid in both.</summary>
    internal static Dictionary<(long, long), long> Tally(AssessedMap map, RasterBand reference, ProgressReporter? progress, CancellationToken cancellation)
    {
        var stack = RasterStack.Join([.. map.Source.Bands, reference]);
        var last = stack.Bands.Count - 1;
        var windows = WindowRunner.WindowsOf(stack).Count;
        var total = new Dictionary<(long, long), long>();
        WindowRunner.Run(stack, pixels =>
        {
            var labels = new int[pixels.Count];
            map.Label(pixels, labels);
            var raw = pixels.RawBand(last);
            var type = pixels.Types[last];
            // Small classes on both sides (the usual case) are counted in a dense table.
            var dense = new long[256 * 256];
            var sparse = new Dictionary<(long, long), long>();
            for (var i = 0; i < labels.Length; i++)
            {
                var m = labels[i];
                if (m < 0) continue; // missing in the map or in the reference
                var r = type == RasterDataType.Byte ? raw[i] : (long)PixelMath.ValueAt(raw, type, i);
                if (m < 256 && r is >= 0 and < 256) dense[(m << 8) | (int)r]++;
                else sparse[(m, r)] = sparse.GetValueOrDefault((m, r)) + 1;
            }
            for (var p = 0; p < dense.Length; p++)
                if (dense[p] > 0) sparse[(p >> 8, p & 255)] = sparse.GetValueOrDefault((p >> 8, p & 255)) + dense[p];
            return sparse;
        }, (index, _, counts) =>
        {
            foreach (var (pair, n) in counts) total[pair] = total.GetValueOrDefault(pair) + n;
            progress?.Invoke("Comparing with the reference", (index + 1.0) / windows);
        }, cancellation);
        return total;
    }
}
