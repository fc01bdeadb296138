using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Owns a VSILFILE*, closed with VSIFCloseL.</summary>
internal sealed class VsiFileHandle : SafeHandle
{
    public VsiFileHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        GdalNative.VSIFCloseL(handle);
        return true;
    }
}
