using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Gdal;

/// <summary>A GDAL call failed. Carries GDAL's own message and CPLErr error number.</summary>
public sealed class GdalException : Exception
{
    public GdalException(string operation, int errorNumber, string gdalMessage)
        : base(string.IsNullOrEmpty(gdalMessage) ? $"{operation} failed (GDAL error {errorNumber})." : $"{operation} failed: {gdalMessage}")
    {
        Operation = operation;
        ErrorNumber = errorNumber;
        GdalMessage = gdalMessage;
    }

    /// <summary>What was being done, in words.</summary>
    public string Operation { get; }

    /// <summary>GDAL's CPLErrorNum (CPLE_OpenFailed = 4, CPLE_FileIO = 3, CPLE_AppDefined = 1, ...).</summary>
    public int ErrorNumber { get; }

    public string GdalMessage { get; }

    /// <summary>CPLE_NotSupported: used for a driver this GDAL lacks.</summary>
    public const int NotSupported = 6;
}

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
