namespace RasterCmdlets.Core.Gdal;

/// <summary>A field of a point layer: its name and whether it holds integers (else text).</summary>
internal sealed record PointField(string Name, bool IsInteger);

/// <summary>One point to write: coordinates and one value per field (long, string or null).</summary>
internal sealed record PointRow(double X, double Y, object?[] Values);

/// <summary>
/// Writes a layer of points with OGR (any vector driver: GeoPackage, GeoJSON, shapefile), in
/// transactions where the driver has them. Checked: every failure is a <see cref="GdalException"/>.
/// </summary>
internal static class GdalPointWriter
{
    public static void Write(string driver, string path, string layerName, string? crsWkt, IReadOnlyList<PointField> fields,
        IEnumerable<PointRow> rows, IReadOnlyDictionary<string, string> layerMetadata, CancellationToken cancellation)
    {
        using var dataset = GdalDataset.Create(driver, path, 0, 0, 0, Rasters.RasterDataType.Unknown, []);
        using var srs = string.IsNullOrEmpty(crsWkt) ? null : new SpatialReferenceHandle(GdalNative.OSRNewSpatialReference(crsWkt));
        if (srs is { IsInvalid: true }) throw GdalCall.LastError($"Reading the CRS for '{path}'");
        if (srs is not null) GdalNative.OSRSetAxisMappingStrategy(srs.DangerousGetHandle(), GdalNative.OAMS_TRADITIONAL_GIS_ORDER);
        GdalCall.Reset();
        var layer = GdalNative.GDALDatasetCreateLayer(dataset.Handle, layerName, srs?.DangerousGetHandle() ?? 0, GdalNative.WkbPoint, 0);
        if (layer == 0) throw GdalCall.LastError($"Creating the layer '{layerName}' in '{path}'");
        foreach (var field in fields)
        {
            var definition = GdalNative.OGR_Fld_Create(field.Name, field.IsInteger ? GdalNative.OFTInteger64 : GdalNative.OFTString);
            try
            {
                if (!field.IsInteger) GdalNative.OGR_Fld_SetWidth(definition, 80);
                GdalCall.Reset();
                if (GdalNative.OGR_L_CreateField(layer, definition, 1) != 0) throw GdalCall.LastError($"Creating the field '{field.Name}' in '{path}'");
            }
            finally
            {
                GdalNative.OGR_Fld_Destroy(definition);
            }
        }
        foreach (var (name, value) in layerMetadata) GdalNative.GDALSetMetadataItem(layer, name, value, null);
        var layerDefinition = GdalNative.OGR_L_GetLayerDefn(layer);
        var inTransaction = GdalNative.GDALDatasetStartTransaction(dataset.Handle, 0) == 0;
        GdalNative.CPLErrorReset();
        foreach (var row in rows)
        {
            cancellation.ThrowIfCancellationRequested();
            using var feature = new FeatureHandle(GdalNative.OGR_F_Create(layerDefinition));
            var raw = feature.DangerousGetHandle();
            for (var i = 0; i < fields.Count; i++)
            {
                switch (row.Values[i])
                {
                    case null: GdalNative.OGR_F_SetFieldNull(raw, i); break;
                    case long l: GdalNative.OGR_F_SetFieldInteger64(raw, i, l); break;
                    case var v: GdalNative.OGR_F_SetFieldString(raw, i, v.ToString() ?? ""); break;
                }
            }
            var point = GdalNative.OGR_G_CreateGeometry(GdalNative.WkbPoint);
            GdalNative.OGR_G_SetPoint_2D(point, 0, row.X, row.Y);
            GdalNative.OGR_F_SetGeometryDirectly(raw, point);
            GdalCall.Reset();
            if (GdalNative.OGR_L_CreateFeature(layer, raw) != 0) throw GdalCall.LastError($"Writing '{path}'");
        }
        if (inTransaction && GdalNative.GDALDatasetCommitTransaction(dataset.Handle) != 0) throw GdalCall.LastError($"Writing '{path}'");
        dataset.Close();
    }
}
