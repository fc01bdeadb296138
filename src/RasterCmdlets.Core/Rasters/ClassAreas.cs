
namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Class statistics of a class map: pixels, share and area of each class, and the missing pixels
/// apart. On a projected grid the area is the pixel count times the pixel area; on a geographic
/// grid each row's pixels are weighed by the area of a cell at that latitude on the ellipsoid.
/// </summary>
public static class ClassAreas
{
    /// <summary>Rows of a class map whose counts are known; reads pixels only for a geographic CRS.</summary>
    public static (IReadOnlyList<RasterClass> Rows, string? Warning) Measure(ClassMap map, IReadOnlyList<string>? names = null,
        CancellationToken cancellation = default)
    {
        if (names is not { Count: > 0 }) names = map.ClassNames;
        var grid = map.Grid;
        if (!grid.Crs.IsGeographic)
            return (WithNoData(RasterClass.Tabulate(grid, map.ClassPixelCounts, map.Centres, names), map.NoDataPixelCount, grid), null);
        var missing = map.NoDataPixelCount > 0 ? map.NoDataLabel : -1;
        return Geographic(map.Source, map.K, map.Centres, names, (pixels, labels) =>
        {
            var classes = new ushort[pixels.Count];
            map.Label<ushort>(pixels, classes);
            for (var i = 0; i < classes.Length; i++) labels[i] = classes[i] == missing ? -1 : classes[i];
        }, cancellation);
    }

    /// <summary>Rows of an integer class map read from a file: one pass over its pixels.</summary>
    public static (IReadOnlyList<RasterClass> Rows, string? Warning) Measure(RasterBand classMap, IReadOnlyList<string>? names = null,
        CancellationToken cancellation = default)
    {
        ClassMapFile.RequireIntegers(classMap);
        // A class map read back from a file is named as it was written (its category names).
        if (names is not { Count: > 0 }) names = classMap.ClassNames;
        void Labels(WindowPixels pixels, Span<int> labels)
        {
            var raw = pixels.RawBand(0);
            var valid = pixels.Validity;
            for (var i = 0; i < labels.Length; i++)
            {
                var v = (long)PixelMath.ValueAt(raw, classMap.DataType, i);
                labels[i] = valid[i] == 0 ? -1 : v is >= 0 and < 65536 ? (int)v
                    : throw new RasterException("NotAClassMap", RasterErrorKind.InvalidData, $"{classMap} holds the value {v}: classes are numbered from 0 to 65535.");
            }
        }
        if (classMap.Crs.IsGeographic) return Geographic(classMap, null, null, names, Labels, cancellation);

        var counts = new long[65536];
        long missing = 0;
        WindowRunner.Run(classMap, pixels =>
        {
            var labels = new int[pixels.Count];
            Labels(pixels, labels);
            return labels;
        }, (_, _, labels) =>
        {
            foreach (var l in labels)
                if (l < 0) missing++;
                else counts[l]++;
        }, cancellation);
        var used = Array.FindLastIndex(counts, c => c > 0) + 1;
        return (WithNoData(RasterClass.Tabulate(classMap.Grid, counts[..used], null, names), missing, classMap.Grid), null);
    }

    private static IReadOnlyList<RasterClass> WithNoData(IReadOnlyList<RasterClass> rows, long missing, RasterGrid grid)
    {
        var (pixelArea, unit) = RasterClass.PixelArea(grid);
        return missing == 0 ? rows : [.. rows, new RasterClass(null, "NoData", null, missing, null, pixelArea * missing, unit)];
    }

    private delegate void WindowLabeller(WindowPixels pixels, Span<int> labels);

    private static (IReadOnlyList<RasterClass>, string?) Geographic(IRasterSource source, int? k, IReadOnlyList<IReadOnlyList<double>>? centres,
        IReadOnlyList<string>? names, WindowLabeller labelsOf, CancellationToken cancellation)
    {
        var grid = source.Grid;
        var ellipsoid = Ellipsoid.Of(grid.Crs);
        string? warning = null;
        if (grid.GeoTransform is not GeoTransform t) { warning = "The raster has no geotransform: areas are unknown."; t = default; }
        else if (t.IsRotated) warning = "The geographic grid is rotated: areas on the ellipsoid are not computed for rotated grids.";
        else if (ellipsoid is null) warning = "The CRS's ellipsoid is unknown: areas are not computed.";

        var counts = new long[k ?? 65536];
        var areas = new double[counts.Length];
        long missing = 0;
        double missingArea = 0;
        WindowRunner.Run(source, pixels =>
        {
            var labels = new int[pixels.Count];
            labelsOf(pixels, labels);
            return labels;
        }, (_, window, labels) =>
        {
            for (var row = 0; row < window.Height; row++)
            {
                var cell = warning is null ? ellipsoid!.CellArea(t, window.Y + row) : 0;
                for (var col = 0; col < window.Width; col++)
                {
                    var l = labels[row * window.Width + col];
                    if (l < 0) { missing++; missingArea += cell; continue; }
                    counts[l]++;
                    areas[l] += cell;
                }
            }
        }, cancellation);
        var used = k ?? Array.FindLastIndex(counts, c => c > 0) + 1;
        var valid = counts.Sum();
        var rows = Enumerable.Range(0, used).Select(c => new RasterClass(c, RasterClass.NameOf(names, c), centres?[c], counts[c],
            valid > 0 ? 100.0 * counts[c] / valid : 0, warning is null ? areas[c] : null, warning is null ? "m²" : "")).ToList();
        if (missing > 0) rows.Add(new RasterClass(null, "NoData", null, missing, null, warning is null ? missingArea : null, warning is null ? "m²" : ""));
        return (rows, warning);
    }
}
