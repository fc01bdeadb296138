using System.Runtime.InteropServices;
using RasterCmdlets.Core.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Vectors;

/// <summary>What <see cref="ClassPolygons.Write"/> writes.</summary>
public sealed record ClassPolygonOptions
{
    /// <summary>Only the regions of these classes; null or empty for all.</summary>
    public IReadOnlyCollection<int>? Classes { get; init; }
    /// <summary>Names of the classes, class 0 first; otherwise the map's category names, then "Class N".</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];
    /// <summary>Diagonal neighbours join regions (GDAL's 8CONNECTED=8); 4-connected by default, as gdal_polygonize.</summary>
    public bool EightConnected { get; init; }
    /// <summary>Replace an existing file (never before the new one is complete).</summary>
    public bool Overwrite { get; init; }
}

/// <summary>What was written: the features per class.</summary>
public sealed record ClassPolygonSummary(string Path, string Driver, long Features, IReadOnlyDictionary<int, long> FeaturesPerClass);

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
        var format = VectorFormat.For(path);
        var target = Path.GetFullPath(path);
        ClassPolygonSummary? summary = null;
        OutputFile.Write(path, options.Overwrite, format.Extension, temporary =>
        {
            using var source = RasterIOException.Wrap(RasterIORole.OpenInput, classMap.Path, () => GdalDataset.Open(classMap.Path));
            var band = GdalNative.GDALGetRasterBand(source.Handle, classMap.BandNumber);
            var names = NamesOf(band, options.ClassNames);
            var srs = classMap.Crs.IsEmpty ? 0 : GdalNative.OSRNewSpatialReference(classMap.Crs.Wkt);
            try
            {
                if (srs != 0) GdalNative.OSRSetAxisMappingStrategy(srs, GdalNative.OAMS_TRADITIONAL_GIS_ORDER);
                using var regions = RasterIOException.Wrap(RasterIORole.ReadInput, classMap.Path,
                    () => Polygonize(classMap, band, srs, options.EightConnected, progress, cancellation));
                summary = RasterIOException.Wrap(RasterIORole.WriteOutput, target, () => CopyWithMeasures(regions, classMap.Grid, format, temporary,
                    Path.GetFileNameWithoutExtension(target), srs, options, names, progress, cancellation));
                return temporary;
            }
            finally
            {
                if (srs != 0) GdalNative.OSRDestroySpatialReference(srs);
            }
        }, cancellation, format.Sidecars);
        return summary! with { Path = target };
    }

    /// <summary>The names given, else the file's category names (as the band read with Get-RasterBand carries them).</summary>
    private static IReadOnlyList<string> NamesOf(nint band, IReadOnlyList<string> given) =>
        given.Count > 0 ? given : GdalBandClasses.CategoryNames(band, "the class map");

    private static string NameOf(IReadOnlyList<string> names, int k) => k >= 0 && k < names.Count && names[k].Length > 0 ? names[k] : $"Class {k}";

    /// <summary>GDALPolygonize into an in-memory layer with one integer field, the class.</summary>
    private static GdalDataset Polygonize(RasterBand classMap, nint band, nint srs, bool eightConnected, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        var memory = GdalDataset.Create("Memory", "regions", 0, 0, 0, RasterDataType.Unknown, []);
        try
        {
            var layer = CreateLayer(memory, "regions", srs, []);
            AddField(layer, ClassField, GdalNative.OFTInteger, 0);
            var mask = classMap.Mask == MaskKind.AllValid ? 0 : GdalNative.GDALGetMaskBand(band);
            using var polygonizeOptions = new StringList(eightConnected ? ["8CONNECTED=8"] : []);
            GdalProgress.Run(f => progress?.Invoke("Polygonizing", f), cancellation, $"Polygonizing '{classMap.Path}'",
                (function, data) => GdalNative.GDALPolygonize(band, mask, layer, 0, polygonizeOptions.Pointer, function, data));
            return memory;
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    private static nint CreateLayer(GdalDataset dataset, string name, nint srs, IEnumerable<string> options)
    {
        using var list = new StringList(options);
        GdalCall.Reset();
        var layer = GdalNative.GDALDatasetCreateLayer(dataset.Handle, name, srs, GdalNative.WkbPolygon, list.Pointer);
        if (layer == 0) throw GdalCall.LastError($"Creating the layer '{name}' in '{dataset.Path}'");
        return layer;
    }

    private static void AddField(nint layer, string name, int type, int width, int precision = 0)
    {
        var field = GdalNative.OGR_Fld_Create(name, type);
        try
        {
            if (width > 0) GdalNative.OGR_Fld_SetWidth(field, width);
            // Width and decimals matter to shapefiles only: m² to the mm², km² to the m².
            if (type == GdalNative.OFTReal) { GdalNative.OGR_Fld_SetWidth(field, 24); GdalNative.OGR_Fld_SetPrecision(field, precision); }
            GdalCall.Reset();
            if (GdalNative.OGR_L_CreateField(layer, field, 1) != 0) throw GdalCall.LastError($"Creating the field '{name}'");
        }
        finally
        {
            GdalNative.OGR_Fld_Destroy(field);
        }
    }

    private static ClassPolygonSummary CopyWithMeasures(GdalDataset regions, RasterGrid grid, VectorFormat format, string temporary,
        string layerName, nint srs, ClassPolygonOptions options, IReadOnlyList<string> names, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        var regionLayer = LayerOf(regions);
        var total = Math.Max(1, GdalNative.OGR_L_GetFeatureCount(regionLayer, 1));
        var measure = new RegionMeasure(grid);
        var wanted = options.Classes is { Count: > 0 } c ? new HashSet<int>(c) : null;
        var perClass = new SortedDictionary<int, long>();
        long written = 0, read = 0;

        using var output = GdalDataset.Create(format.Driver, temporary, 0, 0, 0, RasterDataType.Unknown, []);
        var layerOptions = format == VectorFormat.Shapefile ? new[] { "ENCODING=UTF-8" } : [];
        var layer = CreateLayer(output, layerName, srs, layerOptions);
        AddField(layer, "class", GdalNative.OFTInteger, 0);
        AddField(layer, "name", GdalNative.OFTString, 80);
        AddField(layer, "area", GdalNative.OFTReal, 0, 6);
        AddField(layer, "area_km2", GdalNative.OFTReal, 0, 12);
        AddField(layer, "perimeter", GdalNative.OFTReal, 0, 6);
        var definition = GdalNative.OGR_L_GetLayerDefn(layer);

        // GeoPackage writes fast only inside transactions; the other formats have none and say so.
        const int Batch = 100_000;
        var inTransaction = GdalNative.GDALDatasetStartTransaction(output.Handle, 0) == 0;
        GdalNative.CPLErrorReset();
        GdalNative.OGR_L_ResetReading(regionLayer);
        nint feature;
        while ((feature = GdalNative.OGR_L_GetNextFeature(regionLayer)) != 0)
        {
            try
            {
                read++;
                var k = GdalNative.OGR_F_GetFieldAsInteger(feature, 0);
                if (wanted is not null && !wanted.Contains(k)) continue;
                var geometry = GdalNative.OGR_F_StealGeometry(feature);
                var (area, perimeter) = measure.Of(geometry);
                var created = GdalNative.OGR_F_Create(definition);
                try
                {
                    GdalNative.OGR_F_SetFieldInteger(created, 0, k);
                    GdalNative.OGR_F_SetFieldString(created, 1, NameOf(names, k));
                    if (area is double a) GdalNative.OGR_F_SetFieldDouble(created, 2, a);
                    if (area is double m && measure.InMetres) GdalNative.OGR_F_SetFieldDouble(created, 3, m / 1e6);
                    if (perimeter is double p) GdalNative.OGR_F_SetFieldDouble(created, 4, p);
                    GdalNative.OGR_F_SetGeometryDirectly(created, geometry);
                    GdalCall.Reset();
                    if (GdalNative.OGR_L_CreateFeature(layer, created) != 0) throw GdalCall.LastError($"Writing '{temporary}'");
                }
                finally
                {
                    GdalNative.OGR_F_Destroy(created);
                }
                written++;
                perClass[k] = perClass.GetValueOrDefault(k) + 1;
                if (inTransaction && written % Batch == 0)
                {
                    GdalCall.Check(GdalNative.GDALDatasetCommitTransaction(output.Handle) == 0 ? 0 : 3, $"Writing '{temporary}'");
                    GdalNative.GDALDatasetStartTransaction(output.Handle, 0);
                }
            }
            finally
            {
                GdalNative.OGR_F_Destroy(feature);
            }
            if ((read & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Invoke("Writing polygons", (double)read / total);
            }
        }
        if (inTransaction && GdalNative.GDALDatasetCommitTransaction(output.Handle) != 0) throw GdalCall.LastError($"Writing '{temporary}'");
        output.Close();
        return new ClassPolygonSummary(temporary, format.Driver, written, perClass);
    }

    private static nint LayerOf(GdalDataset dataset)
    {
        var layer = GdalNative.GDALDatasetGetLayer(dataset.Handle, 0);
        if (layer == 0) throw GdalCall.LastError("Reading the polygons");
        return layer;
    }
}
