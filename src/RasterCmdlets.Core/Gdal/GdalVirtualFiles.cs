using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Gdal;

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

/// <summary>
/// Checked reads through GDAL's virtual file systems, so that a metadata file is read from a zip
/// (/vsizip/) exactly as GDAL will read the images beside it, without unpacking anything.
/// </summary>
internal static class GdalVirtualFiles
{
    /// <summary>The whole content of a file; fails (GdalException) when it cannot be opened, read or is larger than <paramref name="maxBytes"/>.</summary>
    public static unsafe byte[] ReadAllBytes(string path, long maxBytes)
    {
        GdalLibrary.EnsureInitialized();
        GdalCall.Reset();
        var raw = GdalNative.VSIFOpenL(path, "rb");
        if (raw == 0) throw GdalCall.LastError($"Opening '{path}'");
        using var file = new VsiFileHandle(raw);
        if (GdalNative.VSIFSeekL(file, 0, GdalNative.SEEK_END) != 0) throw GdalCall.LastError($"Reading '{path}'");
        var size = GdalNative.VSIFTellL(file);
        if (size > (ulong)maxBytes)
            throw new GdalException($"Reading '{path}'", 3, $"the file has {size} bytes, more than the {maxBytes} expected at most");
        if (GdalNative.VSIFSeekL(file, 0, GdalNative.SEEK_SET) != 0) throw GdalCall.LastError($"Reading '{path}'");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            var read = GdalNative.VSIFReadL(p, 1, (nuint)bytes.Length, file);
            if (read != (nuint)bytes.Length)
            {
                var error = GdalCall.LastError($"Reading '{path}'");
                throw new GdalException($"Reading '{path}'", error.ErrorNumber,
                    string.IsNullOrEmpty(error.GdalMessage) ? $"only {read} of its {size} bytes could be read" : error.GdalMessage);
            }
        }
        GdalCall.ThrowIfFailureRecorded($"Reading '{path}'");
        return bytes;
    }

    /// <summary>Whether a file can be opened for reading (a member of a zip included).</summary>
    public static bool CanOpen(string path)
    {
        GdalLibrary.EnsureInitialized();
        var raw = GdalNative.VSIFOpenL(path, "rb");
        GdalCall.Reset();
        if (raw == 0) return false;
        GdalNative.VSIFCloseL(raw);
        return true;
    }

    /// <summary>
    /// The names in a folder (a zip's root or a folder inside it included), or null when
    /// <paramref name="path"/> is not a folder GDAL can list (a damaged zip is not one).
    /// </summary>
    public static IReadOnlyList<string>? ListFolder(string path)
    {
        GdalLibrary.EnsureInitialized();
        var list = GdalNative.VSIReadDir(path);
        GdalCall.Reset();
        if (list == 0) return null;
        try
        {
            var count = GdalNative.CSLCount(list);
            var names = new List<string>(count);
            for (var i = 0; i < count; i++)
                if (Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(list, i * IntPtr.Size)) is { } name && name is not ("." or ".."))
                    names.Add(name);
            return names;
        }
        finally
        {
            GdalNative.CSLDestroy(list);
        }
    }
}
