using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Vectors;

/// <summary>
/// Turns a class map into polygons with GDALPolygonize (as gdal_polygonize.py): one feature per
/// connected region of one class, NoData regions left out, with the fields class, name, area,
/// area_km2 and perimeter. Area and perimeter come from OGR (OGR_G_Area, OGR_G_Length of the
/// boundary) in the CRS's unit, converted to metres when the unit is known; for a geographic CRS
/// the area is on the ellipsoid (as Measure-RasterClass) and the perimeter is the length of the
/// pixel edges on the ellipsoid. The file is written beside the target under a hidden temporary
/// name and renamed into place, with its sidecar files, only once complete.
/// </summary>
public static class ClassPolygons
{
    public const string ClassField = "class";
    public static readonly string[] Fields = [ClassField, "name", "area", "area_km2", "perimeter"];

    public static ClassPolygonSummary Write(RasterBand classMap, string path, ClassPolygonOptions options, ProgressReporter? progress = null,
        CancellationToken cancellation = default)
    {
        ClassMapFile.RequireIntegers(classMap);
        var validity = ValidityPlan.Of(classMap);
        if (validity.HasKindsBeyondGdalMask)
            throw new RasterException("MaskRasterNotSupported", RasterErrorKind.NotSupported,
                $"{classMap} is masked by another raster (Set-RasterMask): write it with Export-GeoTiff first, then polygonize the file.");
        var format = VectorFormat.For(path);
        var target = Path.GetFullPath(path);
        ClassPolygonSummary? summary = null;
        OutputFile.Write(path, options.Overwrite, format.Extension, temporary =>
        {
            using var source = RasterIOException.Wrap(RasterIORole.OpenInput, classMap.Path, () => GdalDataset.Open(classMap.Path));
            var band = source.GetBand(classMap.BandNumber);
            var names = options.ClassNames.Count > 0 ? options.ClassNames : band.CategoryNames;
            using var reference = classMap.Crs.IsEmpty ? null : GdalSpatialReference.FromWkt(classMap.Crs.Wkt);
            using var regions = RasterIOException.Wrap(RasterIORole.ReadInput, classMap.Path,
                () => Polygonize(classMap, band, validity.NeedsGdalMaskBand ? band.MaskBand : null, reference, options.EightConnected, progress, cancellation));
            summary = RasterIOException.Wrap(RasterIORole.WriteOutput, target, () => CopyWithMeasures(regions, classMap.Grid, format, temporary,
                Path.GetFileNameWithoutExtension(target), reference, options, names, progress, cancellation));
            return temporary;
        }, cancellation, format.Sidecars);
        return summary! with { Path = target };
    }

    private static string NameOf(IReadOnlyList<string> names, int k) => k >= 0 && k < names.Count && names[k].Length > 0 ? names[k] : $"Class {k}";

    /// <summary>GDALPolygonize into an in-memory layer with one integer field, the class; disposed if it fails or is stopped.</summary>
    private static GdalDataset Polygonize(RasterBand classMap, GdalBand band, GdalBand? mask, GdalSpatialReference? reference, bool eightConnected,
        ProgressReporter? progress, CancellationToken cancellation)
    {
        var memory = GdalDataset.Create("Memory", "regions", 0, 0, 0, GdalDataType.Unknown, []);
        try
        {
            var layer = memory.CreateLayer("regions", reference, OgrGeometryType.Polygon, []);
            layer.AddField(ClassField, OgrFieldType.Integer);
            GdalAlgorithms.Polygonize(band, mask, layer, 0, eightConnected, f => progress?.Invoke("Polygonizing", f), cancellation,
                $"Polygonizing '{classMap.Path}'");
            return memory;
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    private static ClassPolygonSummary CopyWithMeasures(GdalDataset regions, RasterGrid grid, VectorFormat format, string temporary,
        string layerName, GdalSpatialReference? reference, ClassPolygonOptions options, IReadOnlyList<string> names, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        var regionLayer = regions.FirstLayer();
        var total = Math.Max(1, regionLayer.FeatureCount);
        var measure = new RegionMeasure(grid);
        var wanted = options.Classes is { Count: > 0 } c ? new HashSet<int>(c) : null;
        var perClass = new SortedDictionary<int, long>();
        long written = 0, read = 0;

        using var output = GdalDataset.Create(format.Driver, temporary, 0, 0, 0, GdalDataType.Unknown, []);
        var layerOptions = format == VectorFormat.Shapefile ? new[] { "ENCODING=UTF-8" } : [];
        var layer = output.CreateLayer(layerName, reference, OgrGeometryType.Polygon, layerOptions);
        // Width and decimals matter to shapefiles only: m² to the mm², km² to the m².
        layer.AddField("class", OgrFieldType.Integer);
        layer.AddField("name", OgrFieldType.String, 80);
        layer.AddField("area", OgrFieldType.Real, 24, 6);
        layer.AddField("area_km2", OgrFieldType.Real, 24, 12);
        layer.AddField("perimeter", OgrFieldType.Real, 24, 6);

        // GeoPackage writes fast only inside transactions; the other formats have none and say so.
        const int Batch = 100_000;
        var inTransaction = output.TryStartTransaction();
        foreach (var region in regionLayer.Features())
        {
            using (region)
            {
                read++;
                var k = region.IntegerAt(0);
                if (wanted is null || wanted.Contains(k))
                {
                    using var geometry = region.TakeGeometry();
                    var (area, perimeter) = measure.Of(geometry);
                    using var created = layer.NewFeature();
                    created.Set(0, k);
                    created.Set(1, NameOf(names, k));
                    if (area is double a) created.Set(2, a);
                    if (area is double m && measure.InMetres) created.Set(3, m / 1e6);
                    if (perimeter is double p) created.Set(4, p);
                    created.SetGeometry(geometry);
                    layer.Add(created);
                    written++;
                    perClass[k] = perClass.GetValueOrDefault(k) + 1;
                    if (inTransaction && written % Batch == 0)
                    {
                        output.CommitTransaction();
                        output.TryStartTransaction();
                    }
                }
            }
            if ((read & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Invoke("Writing polygons", (double)read / total);
            }
        }
        if (inTransaction) output.CommitTransaction();
        output.Close();
        return new ClassPolygonSummary(temporary, format.Driver, written, perClass);
    }
}
