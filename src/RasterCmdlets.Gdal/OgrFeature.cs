namespace RasterCmdlets.Gdal;

/// <summary>An OGR feature, owned: one read from a layer, or one made for a layer to write.</summary>
public sealed class OgrFeature : IDisposable
{
    private readonly FeatureHandle _handle;

    internal OgrFeature(FeatureHandle handle) => _handle = handle;

    internal FeatureHandle Handle => _handle;

    public int IntegerAt(int field) => GdalNative.OGR_F_GetFieldAsInteger(_handle, field);

    public void Set(int field, int value) => GdalNative.OGR_F_SetFieldInteger(_handle, field, value);

    public void Set(int field, long value) => GdalNative.OGR_F_SetFieldInteger64(_handle.DangerousGetHandle(), field, value);

    public void SetNull(int field) => GdalNative.OGR_F_SetFieldNull(_handle.DangerousGetHandle(), field);

    public void Set(int field, double value) => GdalNative.OGR_F_SetFieldDouble(_handle, field, value);

    public void Set(int field, string value) => GdalNative.OGR_F_SetFieldString(_handle, field, value);

    /// <summary>Takes the feature's geometry: the caller owns it, the feature is left without one.</summary>
    public OgrGeometry TakeGeometry() => new(new GeometryHandle(GdalNative.OGR_F_StealGeometry(_handle)));

    /// <summary>Gives <paramref name="geometry"/> to the feature, which owns it from then on.</summary>
    public void SetGeometry(OgrGeometry geometry) => GdalNative.OGR_F_SetGeometryDirectly(_handle, geometry.GiveAway());

    public void Dispose() => _handle.Dispose();
}
