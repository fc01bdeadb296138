namespace RasterCmdlets.Gdal;

/// <summary>
/// An OGR geometry: owned (taken from a feature, or made by OGR), or borrowed from an owner (a
/// ring of a polygon), which it then keeps alive.
/// </summary>
public sealed class OgrGeometry : IDisposable
{
    private readonly GeometryHandle? _owned;
    private readonly nint _borrowed;
    private readonly OgrGeometry? _owner;

    internal OgrGeometry(GeometryHandle owned) => _owned = owned;

    private OgrGeometry(nint borrowed, OgrGeometry owner)
    {
        _borrowed = borrowed;
        _owner = owner;
    }

    internal nint Raw => _owned?.DangerousGetHandle() ?? _borrowed;

    /// <summary>A new 2-D point.</summary>
    public static OgrGeometry Point(double x, double y)
    {
        GdalLibrary.EnsureInitialized();
        var point = new OgrGeometry(new GeometryHandle(GdalNative.OGR_G_CreateGeometry((int)OgrGeometryType.Point)));
        GdalNative.OGR_G_SetPoint_2D(point.Raw, 0, x, y);
        return point;
    }

    public bool IsEmpty => Raw == 0;

    public double Area => GdalNative.OGR_G_Area(Raw);

    public double Length => GdalNative.OGR_G_Length(Raw);

    /// <summary>The boundary (the rings of a polygon as lines), a new geometry.</summary>
    public OgrGeometry Boundary() => new(new GeometryHandle(GdalNative.OGR_G_Boundary(Raw)));

    public int GeometryCount => GdalNative.OGR_G_GetGeometryCount(Raw);

    /// <summary>Part <paramref name="index"/> (a ring of a polygon), borrowed from this geometry.</summary>
    public OgrGeometry GeometryAt(int index) => new(GdalNative.OGR_G_GetGeometryRef(Raw, index), this);

    public int PointCount => GdalNative.OGR_G_GetPointCount(Raw);

    public double X(int index) => GdalNative.OGR_G_GetX(Raw, index);

    public double Y(int index) => GdalNative.OGR_G_GetY(Raw, index);

    /// <summary>Hands an owned geometry to a feature, which owns it from then on.</summary>
    internal nint GiveAway() => _owned?.Release() ?? throw new InvalidOperationException("A borrowed geometry cannot be given away.");

    public void Dispose()
    {
        _owned?.Dispose();
        GC.KeepAlive(_owner);
    }
}
