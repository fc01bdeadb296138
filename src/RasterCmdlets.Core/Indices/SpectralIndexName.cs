namespace RasterCmdlets.Core.Indices;

/// <summary>The built-in spectral indices (Get-SpectralIndex -Index), each with its paper's formula (<see cref="SpectralIndex.FormulaOf"/>).</summary>
public enum SpectralIndexName
{
    /// <summary>Normalised difference vegetation index (Rouse et al. 1974): (NIR - Red) / (NIR + Red).</summary>
    NDVI,
    /// <summary>Normalised difference water index (McFeeters 1996): (Green - NIR) / (Green + NIR).</summary>
    NDWI,
    /// <summary>Modified NDWI (Xu 2006): (Green - SWIR1) / (Green + SWIR1).</summary>
    MNDWI,
    /// <summary>Normalised difference moisture index (Gao 1996; Wilson and Sader 2002): (NIR - SWIR1) / (NIR + SWIR1).</summary>
    NDMI,
    /// <summary>Normalised burn ratio (Key and Benson 2006): (NIR - SWIR2) / (NIR + SWIR2).</summary>
    NBR,
    /// <summary>Automated water extraction index, no shadow (Feyisa et al. 2014): 4 (Green - SWIR1) - (0.25 NIR + 2.75 SWIR2).</summary>
    AWEInsh,
    /// <summary>Automated water extraction index, shadow (Feyisa et al. 2014): Blue + 2.5 Green - 1.5 (NIR + SWIR1) - 0.25 SWIR2.</summary>
    AWEIsh,
}
