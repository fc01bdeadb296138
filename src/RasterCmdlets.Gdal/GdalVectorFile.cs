using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// The first layer of a vector file (GeoPackage, GeoJSON, shapefile, anything OGR reads), read
/// feature by feature: the checked layer over <see cref="GdalNative"/>'s OGR bindings.
/// </summary>
public sealed class GdalVectorFile : IDisposable
{
    private readonly DatasetHandle _dataset;
    private readonly nint _layer;

    private GdalVectorFile(DatasetHandle dataset, nint layer, string path)
    {
        _dataset = dataset;
        _layer = layer;
        Path = path;
    }

    public string Path { get; }

    /// <summary>True when OGR opens the file as vectors with at least one layer.</summary>
    public static bool IsVector(string path)
    {
        GdalLibrary.EnsureInitialized();
        GdalCall.Reset();
        var raw = GdalNative.GDALOpenEx(path, GdalNative.GDAL_OF_VECTOR, 0, 0, 0);
        GdalNative.CPLErrorReset();
        if (raw == 0) return false;
        using var handle = new DatasetHandle(raw);
        return GdalNative.GDALDatasetGetLayerCount(handle) > 0;
    }

    public static GdalVectorFile Open(string path)
    {
        GdalLibrary.EnsureInitialized();
        GdalCall.Reset();
        var raw = GdalNative.GDALOpenEx(path, GdalNative.GDAL_OF_VECTOR | GdalNative.GDAL_OF_VERBOSE_ERROR, 0, 0, 0);
        if (raw == 0) throw GdalCall.LastError($"Opening '{path}'");
        var dataset = new DatasetHandle(raw);
        var layer = GdalNative.GDALDatasetGetLayerCount(dataset) > 0 ? GdalNative.GDALDatasetGetLayer(dataset, 0) : 0;
        if (layer == 0)
        {
            dataset.Dispose();
            throw new GdalException($"Opening '{path}'", GdalException.NotSupported, "the file has no vector layer");
        }
        return new GdalVectorFile(dataset, layer, path);
    }

    public IReadOnlyList<string> FieldNames
    {
        get
        {
            var definition = GdalNative.OGR_L_GetLayerDefn(_layer);
            return Enumerable.Range(0, GdalNative.OGR_FD_GetFieldCount(definition))
                .Select(i => Marshal.PtrToStringUTF8(GdalNative.OGR_Fld_GetNameRef(GdalNative.OGR_FD_GetFieldDefn(definition, i))) ?? "")
                .ToArray();
        }
    }

    /// <summary>A metadata item of the layer (GeoPackage keeps them), or null.</summary>
    public string? LayerMetadata(string name) => Marshal.PtrToStringUTF8(GdalNative.GDALGetMetadataItem(_layer, name, null));

    public bool HasCrs => GdalNative.OGR_L_GetSpatialRef(_layer) != 0;

    /// <summary>
    /// The layer's features with <paramref name="field"/>'s text, their coordinates transformed into
    /// <paramref name="targetWkt"/> when the layer's CRS differs (or as they are, when either has none).
    /// </summary>
    public IEnumerable<VectorFeature> Features(string? field, string? targetWkt)
    {
        var definition = GdalNative.OGR_L_GetLayerDefn(_layer);
        var fieldIndex = field is null ? -1 : GdalNative.OGR_FD_GetFieldIndex(definition, field);
        using var transformation = TransformationTo(targetWkt);
        GdalNative.OGR_L_ResetReading(_layer);
        for (long index = 0; ; index++)
        {
            GdalCall.Reset();
            var raw = GdalNative.OGR_L_GetNextFeature(_layer);
            if (raw == 0)
            {
                GdalCall.ThrowIfFailureRecorded($"Reading '{Path}'");
                yield break;
            }
            using var feature = new FeatureHandle(raw);
            string? value = fieldIndex >= 0 && GdalNative.OGR_F_IsFieldSetAndNotNull(raw, fieldIndex) != 0
                ? Marshal.PtrToStringUTF8(GdalNative.OGR_F_GetFieldAsString(raw, fieldIndex))
                : null;
            var geometry = GdalNative.OGR_F_GetGeometryRef(raw);
            if (geometry == 0 || GdalNative.OGR_G_IsEmpty(geometry) != 0)
            {
                yield return new VectorFeature(index, VectorGeometryKind.None, double.NaN, double.NaN, null, value);
                continue;
            }
            var type = GdalNative.OGR_GT_Flatten(GdalNative.OGR_G_GetGeometryType(geometry));
            var kind = type switch { 1 => VectorGeometryKind.Point, 3 or 6 => VectorGeometryKind.Polygon, _ => VectorGeometryKind.Other };
            var copy = new GeometryHandle(GdalNative.OGR_G_Clone(geometry));
            if (transformation is not null)
            {
                GdalCall.Reset();
                if (GdalNative.OGR_G_Transform(copy.DangerousGetHandle(), transformation.DangerousGetHandle()) != 0)
                {
                    copy.Dispose();
                    throw GdalCall.LastError($"Transforming feature {index} of '{Path}' into the map's CRS");
                }
            }
            if (kind == VectorGeometryKind.Point)
            {
                var (x, y) = (GdalNative.OGR_G_GetX(copy.DangerousGetHandle(), 0), GdalNative.OGR_G_GetY(copy.DangerousGetHandle(), 0));
                copy.Dispose();
                yield return new VectorFeature(index, kind, x, y, null, value);
            }
            else if (kind == VectorGeometryKind.Polygon) yield return new VectorFeature(index, kind, double.NaN, double.NaN, new OgrGeometry(copy), value);
            else
            {
                copy.Dispose();
                yield return new VectorFeature(index, kind, double.NaN, double.NaN, null, value);
            }
        }
    }

    /// <summary>The transformation from the layer's CRS into <paramref name="targetWkt"/>, or null when none is needed.</summary>
    private CoordinateTransformationHandle? TransformationTo(string? targetWkt)
    {
        var source = GdalNative.OGR_L_GetSpatialRef(_layer);
        if (source == 0 || string.IsNullOrEmpty(targetWkt)) return null;
        using var target = new SpatialReferenceHandle(GdalNative.OSRNewSpatialReference(targetWkt));
        if (target.IsInvalid) throw GdalCall.LastError("Reading the map's CRS");
        using var from = new SpatialReferenceHandle(GdalNative.OSRClone(source));
        // x = easting or longitude on both sides, whatever the CRS's official axis order.
        GdalNative.OSRSetAxisMappingStrategy(from, GdalNative.OAMS_TRADITIONAL_GIS_ORDER);
        GdalNative.OSRSetAxisMappingStrategy(target, GdalNative.OAMS_TRADITIONAL_GIS_ORDER);
        if (GdalNative.OSRIsSame(from.DangerousGetHandle(), target.DangerousGetHandle()) != 0) return null;
        GdalCall.Reset();
        var raw = GdalNative.OCTNewCoordinateTransformation(from.DangerousGetHandle(), target.DangerousGetHandle());
        if (raw == 0) throw GdalCall.LastError($"Transforming '{Path}' into the map's CRS");
        return new CoordinateTransformationHandle(raw);
    }

    public void Dispose() => _dataset.Dispose();
}
