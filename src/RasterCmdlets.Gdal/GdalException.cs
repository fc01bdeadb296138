using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

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
