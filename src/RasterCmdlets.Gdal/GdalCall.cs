using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Turns GDAL's per-thread error state into exceptions, like rasterio's _err module.</summary>
internal static class GdalCall
{
    /// <summary>Clears stale errors before a call whose failure will be read afterwards.</summary>
    public static void Reset() => GdalNative.CPLErrorReset();

    public static GdalException LastError(string operation)
    {
        var number = GdalNative.CPLGetLastErrorNo();
        var message = Marshal.PtrToStringUTF8(GdalNative.CPLGetLastErrorMsg()) ?? "";
        GdalNative.CPLErrorReset();
        return new GdalException(operation, number, message.Trim());
    }

    /// <summary>Throws if a CPLErr result is CE_Failure (3) or CE_Fatal (4).</summary>
    public static void Check(int cplErr, string operation)
    {
        if (cplErr >= 3) throw LastError(operation);
    }

    /// <summary>
    /// Throws when GDAL recorded a failure even though the call's result looked fine: GTiff reports
    /// a corrupt strip through the error state while still returning data.
    /// </summary>
    public static void ThrowIfFailureRecorded(string operation)
    {
        if (GdalNative.CPLGetLastErrorType() >= 3) throw LastError(operation);
    }
}
