using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>GDALRasterIOExtraArg, version 1 (GDAL 2.0 and later): the resampling of a decimated read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GdalRasterIOExtraArg
{
    public int Version;
    public int ResampleAlgorithm;
    public nint Progress;
    public nint ProgressData;
    public int FloatingPointWindowValidity;
    public double XOff, YOff, XSize, YSize;

    public const int Nearest = 0, Average = 5;

    public static GdalRasterIOExtraArg With(int algorithm) => new() { Version = 1, ResampleAlgorithm = algorithm };
}
