namespace RasterCmdlets.Core.Rasters;

/// <summary>The kinds of missing pixels a band can have.</summary>
public enum MissingPixelKind
{
    /// <summary>Pixels equal to the band's NoData value (one its type can hold).</summary>
    NoDataValue,
    /// <summary>NaN in a floating-point band, whatever its NoData value.</summary>
    NotANumber,
    /// <summary>Pixels that the file's GDAL mask (mask band, alpha band, .msk) marks 0.</summary>
    MaskBand,
    /// <summary>Pixels where another raster (<see cref="RasterBand.MaskSource"/>) holds one of the given values.</summary>
    MaskRaster,
}
