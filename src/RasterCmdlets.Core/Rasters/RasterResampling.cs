namespace RasterCmdlets.Core.Rasters;

/// <summary>How a band is resampled onto another grid (gdalwarp's -r).</summary>
public enum RasterResampling
{
    Nearest,
    Bilinear,
    Cubic,
    Average,
    Mode,
}
