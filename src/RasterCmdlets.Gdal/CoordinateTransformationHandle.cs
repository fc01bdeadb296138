using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>An owned OGRCoordinateTransformationH.</summary>
internal sealed class CoordinateTransformationHandle : SafeHandle
{
    public CoordinateTransformationHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);
    public override bool IsInvalid => handle == 0;
    protected override bool ReleaseHandle()
    {
        GdalNative.OCTDestroyCoordinateTransformation(handle);
        return true;
    }
}
