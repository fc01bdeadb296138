using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Raw bindings for pixel functions of VRT derived bands (gdal.h, GDAL 3.4 and later).</summary>
internal static unsafe partial class GdalNative
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GDALAddDerivedBandPixelFuncWithArgs(string name, nint function, string? metadata);
    [LibraryImport(Library)]
    internal static partial void GDALCopyWords(void* source, int sourceType, int sourcePixelOffset,
        void* destination, int destinationType, int destinationPixelOffset, int count);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void CPLErrorSetState(int errorClass, int errorNumber, string message);
}
