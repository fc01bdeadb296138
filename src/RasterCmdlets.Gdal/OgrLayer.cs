namespace RasterCmdlets.Gdal;

/// <summary>A vector layer, borrowed from its dataset, which it keeps alive.</summary>
public sealed class OgrLayer
{
    private readonly nint _layer;

    internal OgrLayer(GdalDataset owner, nint layer)
    {
        Owner = owner;
        _layer = layer;
    }

    public GdalDataset Owner { get; }

    internal nint Raw => _layer;

    /// <summary>Adds a field; <paramref name="width"/> and <paramref name="precision"/> matter to shapefiles only.</summary>
    public void AddField(string name, OgrFieldType type, int width = 0, int precision = 0)
    {
        using var field = new FieldDefinitionHandle(GdalNative.OGR_Fld_Create(name, (int)type));
        if (width > 0) GdalNative.OGR_Fld_SetWidth(field, width);
        if (precision > 0) GdalNative.OGR_Fld_SetPrecision(field, precision);
        GdalCall.Reset();
        if (GdalNative.OGR_L_CreateField(_layer, field, 1) != 0) throw GdalCall.LastError($"Creating the field '{name}' in '{Owner.Path}'");
    }

    public long FeatureCount => GdalNative.OGR_L_GetFeatureCount(_layer, 1);

    /// <summary>Sets a metadata item of the layer (GeoPackage keeps them).</summary>
    public void SetMetadata(string name, string value) =>
        GdalCall.Check(GdalNative.GDALSetMetadataItem(_layer, name, value, null), $"Writing the layer metadata of '{Owner.Path}'");

    /// <summary>The layer's features from the first, each owned by the caller.</summary>
    public IEnumerable<OgrFeature> Features()
    {
        GdalNative.OGR_L_ResetReading(_layer);
        nint raw;
        while ((raw = GdalNative.OGR_L_GetNextFeature(_layer)) != 0)
        {
            yield return new OgrFeature(new FeatureHandle(raw));
            GC.KeepAlive(Owner);
        }
    }

    /// <summary>A new, empty feature of this layer's fields, to fill and <see cref="Add"/>.</summary>
    public OgrFeature NewFeature() => new(new FeatureHandle(GdalNative.OGR_F_Create(GdalNative.OGR_L_GetLayerDefn(_layer))));

    public void Add(OgrFeature feature)
    {
        GdalCall.Reset();
        if (GdalNative.OGR_L_CreateFeature(_layer, feature.Handle) != 0) throw GdalCall.LastError($"Writing '{Owner.Path}'");
    }
}
