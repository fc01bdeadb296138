using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Owns an OGRFeatureH (one read from a layer, or one made to be written).</summary>
internal sealed class FeatureHandle : SafeHandle
{
    public FeatureHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        GdalNative.OGR_F_Destroy(handle);
        return true;
    }
}
