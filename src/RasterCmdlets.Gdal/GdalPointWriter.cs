namespace RasterCmdlets.Gdal;

/// <summary>
/// Writes a layer of points with OGR (any vector driver: GeoPackage, GeoJSON, shapefile), in
/// transactions where the driver has them. Checked: every failure is a <see cref="GdalException"/>.
/// </summary>
public static class GdalPointWriter
{
    public static void Write(string driver, string path, string layerName, string? crsWkt, IReadOnlyList<PointField> fields,
        IEnumerable<PointRow> rows, IReadOnlyDictionary<string, string> layerMetadata, CancellationToken cancellation)
    {
        using var dataset = GdalDataset.Create(driver, path, 0, 0, 0, GdalDataType.Unknown, []);
        using var reference = string.IsNullOrEmpty(crsWkt) ? null
            : GdalSpatialReference.FromWkt(crsWkt) ?? throw new GdalException($"Reading the CRS for '{path}'", 1, "OSR cannot read the map's CRS");
        var layer = dataset.CreateLayer(layerName, reference, OgrGeometryType.Point, []);
        foreach (var field in fields)
            layer.AddField(field.Name, field.IsInteger ? OgrFieldType.Integer64 : OgrFieldType.String, field.IsInteger ? 0 : 80);
        foreach (var (name, value) in layerMetadata) layer.SetMetadata(name, value);
        var inTransaction = dataset.TryStartTransaction();
        foreach (var row in rows)
        {
            cancellation.ThrowIfCancellationRequested();
            using var feature = layer.NewFeature();
            for (var i = 0; i < fields.Count; i++)
            {
                switch (row.Values[i])
                {
                    case null: feature.SetNull(i); break;
                    case long l: feature.Set(i, l); break;
                    case var v: feature.Set(i, v.ToString() ?? ""); break;
                }
            }
            feature.SetGeometry(OgrGeometry.Point(row.X, row.Y));
            layer.Add(feature);
        }
        if (inTransaction) dataset.CommitTransaction();
        dataset.Close();
    }
}
