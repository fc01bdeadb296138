using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Pixel functions the module gives GDAL for VRT derived bands
/// (<c>&lt;VRTRasterBand subClass="VRTDerivedRasterBand"&gt;&lt;PixelFunctionType&gt;name</c>): a VRT
/// that names one is then read by every reader like any file. Functions are added (by the layers
/// above, as their assembly loads) before or after GDAL is initialised; each is registered once,
/// as soon as both have happened.
/// </summary>
/// <remarks>
/// A function has GDAL's GDALDerivedPixelFuncWithArgs signature: CPLErr (void** sources, int
/// sourceCount, void* buffer, int width, int height, int sourceType, int bufferType, int
/// pixelSpace, int lineSpace, char** arguments). It must never let an exception out: it reports a
/// failure with <see cref="ReportFailure"/> and returns CE_Failure.
/// </remarks>
public static unsafe class GdalPixelFunctions
{
    private static readonly object Gate = new();
    private static readonly List<(string Name, nint Function)> Functions = [];
    private static bool _gdalReady;

    /// <summary>Makes <paramref name="function"/> known to GDAL under <paramref name="name"/>.</summary>
    public static void Add(string name, delegate* unmanaged<nint, int, nint, int, int, int, int, int, int, nint, int> function)
    {
        lock (Gate)
        {
            Functions.Add((name, (nint)function));
            if (_gdalReady) Register(name, (nint)function);
        }
    }

    /// <summary>Called once by <see cref="GdalLibrary.EnsureInitialized"/>, after the drivers are registered.</summary>
    internal static void OnGdalInitialized()
    {
        lock (Gate)
        {
            _gdalReady = true;
            foreach (var (name, function) in Functions) Register(name, function);
        }
    }

    private static void Register(string name, nint function) =>
        GdalCall.Check(GdalNative.GDALAddDerivedBandPixelFuncWithArgs(name, function, null), $"Registering the pixel function {name}");

    /// <summary>Records <paramref name="message"/> as GDAL's last error on this thread (the reader then reports it).</summary>
    public static void ReportFailure(string message) => GdalNative.CPLErrorSetState(3, 1, message); // CE_Failure, CPLE_AppDefined

    /// <summary>The NAME=VALUE strings of a GDAL string list.</summary>
    public static Dictionary<string, string> ReadArguments(nint list)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; list != 0 && Marshal.ReadIntPtr(list, i * IntPtr.Size) is var item && item != 0; i++)
        {
            var text = Marshal.PtrToStringUTF8(item) ?? "";
            var eq = text.IndexOf('=');
            if (eq > 0) values[text[..eq]] = text[(eq + 1)..];
        }
        return values;
    }

    /// <summary>Copies <paramref name="count"/> Float32 values into a buffer of another type or spacing (GDALCopyWords).</summary>
    public static void CopyFloats(float* source, void* destination, int destinationType, int destinationPixelSpace, int count) =>
        GdalNative.GDALCopyWords(source, 6, sizeof(float), destination, destinationType, destinationPixelSpace, count);
}
