using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Vectors;

/// <summary>What <see cref="ClassPolygons.Write"/> writes.</summary>
public sealed record ClassPolygonOptions
{
    /// <summary>Only the regions of these classes; null or empty for all.</summary>
    public IReadOnlyCollection<int>? Classes { get; init; }
    /// <summary>Names of the classes, class 0 first; otherwise the map's category names, then "Class N".</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];
    /// <summary>Diagonal neighbours join regions (GDAL's 8CONNECTED=8); 4-connected by default, as gdal_polygonize.</summary>
    public bool EightConnected { get; init; }
    /// <summary>Replace an existing file (never before the new one is complete).</summary>
    public bool Overwrite { get; init; }
}
