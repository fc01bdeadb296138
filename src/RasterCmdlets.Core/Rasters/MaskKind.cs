using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>How GDAL tells valid pixels from missing ones for a band.</summary>
public enum MaskKind
{
    /// <summary>Every pixel is valid (apart from NaN in floating-point bands).</summary>
    AllValid,
    /// <summary>Pixels equal to the band's NoData value are missing.</summary>
    NoDataValue,
    /// <summary>A mask band (per-dataset mask, alpha band or .msk file) marks missing pixels with 0.</summary>
    MaskBand,
}
