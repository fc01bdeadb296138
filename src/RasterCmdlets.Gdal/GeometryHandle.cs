using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Owns an OGRGeometryH until it is handed to a feature (which then owns it).</summary>
internal sealed class GeometryHandle : SafeHandle
{
    public GeometryHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    /// <summary>Gives the geometry away (to OGR_F_SetGeometryDirectly): it is no longer ours to destroy.</summary>
    public nint Release()
    {
        var raw = handle;
        SetHandleAsInvalid();
        return raw;
    }

    protected override bool ReleaseHandle()
    {
        GdalNative.OGR_G_DestroyGeometry(handle);
        return true;
    }
}
