using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Gdal;

/// <summary>Raw bindings for a band's scale and offset (physical value = raw × scale + offset).</summary>
internal static partial class GdalNative
{
    [LibraryImport(Library)] internal static partial double GDALGetRasterScale(nint band, out int hasScale);
    [LibraryImport(Library)] internal static partial double GDALGetRasterOffset(nint band, out int hasOffset);
}

internal readonly partial struct GdalBand
{
    /// <summary>The band's scale, 1 when the file declares none.</summary>
    public double Scale
    {
        get
        {
            var value = GdalNative.GDALGetRasterScale(_band, out var has);
            return has != 0 && double.IsFinite(value) ? value : 1;
        }
    }

    /// <summary>The band's offset, 0 when the file declares none.</summary>
    public double Offset
    {
        get
        {
            var value = GdalNative.GDALGetRasterOffset(_band, out var has);
            return has != 0 && double.IsFinite(value) ? value : 0;
        }
    }
}
