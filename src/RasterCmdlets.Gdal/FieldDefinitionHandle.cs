using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Owns an OGRFieldDefnH.</summary>
internal sealed class FieldDefinitionHandle : SafeHandle
{
    public FieldDefinitionHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        GdalNative.OGR_Fld_Destroy(handle);
        return true;
    }
}
