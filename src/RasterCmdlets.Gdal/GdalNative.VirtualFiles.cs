using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Raw bindings to GDAL's virtual file functions (cpl_vsi.h): the same calls read a plain file, a
/// member of a zip (/vsizip/) or a file served over HTTP (/vsicurl/). VSIStatL is left out: its
/// buffer is the platform's struct stat, whose layout differs between systems.
/// </summary>
internal static partial class GdalNative
{
    internal const int SEEK_SET = 0;
    internal const int SEEK_END = 2;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint VSIFOpenL(string path, string access);
    [LibraryImport(Library)] internal static partial int VSIFCloseL(nint file);
    [LibraryImport(Library)] internal static partial int VSIFSeekL(VsiFileHandle file, ulong offset, int whence);
    [LibraryImport(Library)] internal static partial ulong VSIFTellL(VsiFileHandle file);
    [LibraryImport(Library)] internal static unsafe partial nuint VSIFReadL(void* buffer, nuint size, nuint count, VsiFileHandle file);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint VSIReadDir(string path);
    [LibraryImport(Library)] internal static partial int CSLCount(nint list);
}
