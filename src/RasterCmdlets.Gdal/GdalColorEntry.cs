using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

[StructLayout(LayoutKind.Sequential)]
internal struct GdalColorEntry
{
    public short C1, C2, C3, C4;
}
