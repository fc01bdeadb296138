using System.Globalization;
using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// A vector reference: points, each taken at the map's pixel under it, or polygons, rasterised
/// onto the map's grid by GDAL's rasteriser into a temporary raster read beside the map. Features
/// are transformed into the map's CRS first (OGR's coordinate transformation). The class is the
/// text of a field (<c>reference</c> by default, as New-AccuracySample writes it).
/// </summary>
internal static class VectorReference
{
    public const string DefaultField = "reference";
    /// <summary>The field New-AccuracySample writes on every point: the sample's design.</summary>
    public const string DesignField = "design";
    public const string StratifiedDesign = "stratified";

    public static bool IsVector(string path) => GdalVectorFile.IsVector(path);

    public static ReferenceData Read(AssessedMap map, ClassAccuracyOptions options, Action<string>? warn, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        using var file = RasterIOException.Wrap(RasterIORole.OpenInput, options.Reference, () => GdalVectorFile.Open(options.Reference));
        var fields = file.FieldNames;
        var field = options.ReferenceField ?? DefaultField;
        field = fields.FirstOrDefault(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase))
            ?? throw new RasterException("ReferenceFieldNotFound", RasterErrorKind.InvalidArgument,
                $"'{options.Reference}' has no field '{field}'" + (options.ReferenceField is null ? " (name the class field with -ReferenceField)" : "") +
                $"; its fields: {(fields.Count > 0 ? string.Join(", ", fields) : "none")}.");
        var hasDesign = fields.Any(f => string.Equals(f, DesignField, StringComparison.OrdinalIgnoreCase));

        var points = new List<(double X, double Y, string Value)>();
        var polygons = new List<(OgrGeometry Geometry, string Value)>();
        long unlabelled = 0, other = 0;
        var stratified = hasDesign;
        try
        {
            RasterIOException.Wrap(RasterIORole.ReadInput, options.Reference, () =>
            {
                foreach (var feature in file.Features(field, map.Grid.Crs.IsEmpty ? null : map.Grid.Crs.Wkt))
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (feature.Value is not { Length: > 0 } value) { unlabelled++; feature.Geometry?.Dispose(); continue; }
                    switch (feature.Kind)
                    {
                        case VectorGeometryKind.Point: points.Add((feature.X, feature.Y, value.Trim())); break;
                        case VectorGeometryKind.Polygon: polygons.Add((feature.Geometry!, value.Trim())); break;
                        default: other++; break;
                    }
                }
                return true;
            });
            if (hasDesign) stratified = DesignOf(file) ;
            if (unlabelled > 0) warn?.Invoke($"{unlabelled} feature(s) of '{options.Reference}' have no value in '{field}': they are left out.");
            if (other > 0) warn?.Invoke($"{other} feature(s) of '{options.Reference}' are neither points nor polygons: they are left out.");
            if (points.Count > 0 && polygons.Count > 0)
                throw new RasterException("MixedReferenceGeometry", RasterErrorKind.InvalidData,
                    $"'{options.Reference}' mixes points and polygons: a reference is either a sample of points or polygons to rasterise.");
            var values = points.Select(p => p.Value).Concat(polygons.Select(p => p.Value)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            values.Sort(CompareValues);
            var codes = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => (long)p.i + 1, StringComparer.OrdinalIgnoreCase);
            var classes = values.Select(v => new ReferenceClass(codes[v], v, IsNumber(v) ? null : v)).ToArray();
            return polygons.Count > 0
                ? new ReferenceData("Polygons", Rasterised(map, polygons, codes, options.Reference, progress, cancellation), classes, false)
                : new ReferenceData("Points", AtPoints(map, points, codes, options.Reference, warn, cancellation), classes, stratified && points.Count > 0);
        }
        finally
        {
            foreach (var (g, _) in polygons) g.Dispose();
        }

        bool DesignOf(GdalVectorFile f) =>
            f.Features(DesignField, null).All(p => string.Equals(p.Value, StratifiedDesign, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsNumber(string v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Numbers in numeric order, before names in alphabetical order.</summary>
    private static int CompareValues(string a, string b)
    {
        var (na, nb) = (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x), double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y));
        return na && nb ? x.CompareTo(y) : na ? -1 : nb ? 1 : string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Each point counted at the map's pixel under it (points off the map, or on a missing pixel, are left out).</summary>
    private static Dictionary<(long, long), long> AtPoints(AssessedMap map, List<(double X, double Y, string Value)> points,
        Dictionary<string, long> codes, string path, Action<string>? warn, CancellationToken cancellation)
    {
        if (map.Grid.GeoTransform is not GeoTransform t)
            throw new RasterException("NoGeoTransform", RasterErrorKind.InvalidData, $"{map.Name} has no geotransform: points cannot be placed on it.");
        var counts = new Dictionary<(long, long), long>();
        long outside = 0, missing = 0;
        using var reader = new PixelReader(map.Source.Bands);
        var pixels = reader.NewWindowBuffers();
        var label = new int[1];
        try
        {
            foreach (var (x, y, value) in points)
            {
                cancellation.ThrowIfCancellationRequested();
                var (col, row) = PixelOf(t, x, y);
                if (col < 0 || row < 0 || col >= map.Grid.Width || row >= map.Grid.Height) { outside++; continue; }
                reader.Read(new RasterWindow((int)col, (int)row, 1, 1), pixels);
                map.Label(pixels, label);
                if (label[0] < 0) { missing++; continue; }
                var pair = ((long)label[0], codes[value]);
                counts[pair] = counts.GetValueOrDefault(pair) + 1;
            }
        }
        finally
        {
            pixels.Release();
        }
        if (outside == points.Count && points.Count > 0)
            throw new RasterException("NoOverlap", RasterErrorKind.Mismatch, $"None of the {points.Count} points of '{path}' falls on {map.Name}.");
        if (outside > 0) warn?.Invoke($"{outside} point(s) of '{path}' fall outside the map: they are left out.");
        if (missing > 0) warn?.Invoke($"{missing} point(s) of '{path}' fall on missing pixels (NoData) of the map: they are left out.");
        return counts;
    }

    /// <summary>The pixel containing a point, through the inverse of the (possibly rotated) geotransform.</summary>
    private static (long Col, long Row) PixelOf(GeoTransform t, double x, double y)
    {
        var g = t.ToGdal();
        var det = g[1] * g[5] - g[2] * g[4];
        var (dx, dy) = (x - g[0], y - g[3]);
        var col = (g[5] * dx - g[2] * dy) / det;
        var row = (-g[4] * dx + g[1] * dy) / det;
        return double.IsFinite(col) && double.IsFinite(row) ? ((long)Math.Floor(col), (long)Math.Floor(row)) : (-1, -1);
    }

    /// <summary>Polygons burnt onto the map's grid (codes 1.., 0 outside), then tallied beside the map as a reference raster.</summary>
    private static Dictionary<(long, long), long> Rasterised(AssessedMap map, List<(OgrGeometry Geometry, string Value)> polygons,
        Dictionary<string, long> codes, string path, ProgressReporter? progress, CancellationToken cancellation)
    {
        var grid = map.Grid;
        var temporary = ModuleTemp.NewFile(ModuleTemp.StemOf(path) + ".reference", ".tif");
        try
        {
            RasterIOException.Wrap(RasterIORole.WriteOutput, temporary, () =>
            {
                using var dataset = GdalDataset.Create("GTiff", temporary, grid.Width, grid.Height, 1, GdalDataType.Int32,
                    ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "SPARSE_OK=YES", "BIGTIFF=IF_SAFER"]);
                dataset.GeoTransform = grid.GeoTransform?.ToGdal();
                dataset.ProjectionWkt = grid.Crs.Wkt;
                dataset.GetBand(1).NoDataValue = 0;
                GdalRasterize.Burn(dataset, polygons.Select(p => p.Geometry).ToArray(), polygons.Select(p => (double)codes[p.Value]).ToArray(),
                    f => progress?.Invoke("Rasterising the reference polygons", f), cancellation);
                dataset.Close();
                return true;
            });
            var band = RasterBand.Open(temporary, [1])[0];
            var counts = ReferenceData.Tally(map, band, progress, cancellation);
            if (counts.Count == 0)
                throw new RasterException("NoOverlap", RasterErrorKind.Mismatch, $"No polygon of '{path}' covers a valid pixel of {map.Name}.");
            return counts;
        }
        finally
        {
            ModuleTemp.Delete(temporary);
        }
    }
}
