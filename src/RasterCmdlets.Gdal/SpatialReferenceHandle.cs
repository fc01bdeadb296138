using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Owns an OGRSpatialReferenceH.</summary>
internal sealed class SpatialReferenceHandle : SafeHandle
{
    public SpatialReferenceHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        GdalNative.OSRDestroySpatialReference(handle);
        return true;
    }
}
