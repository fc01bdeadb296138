using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>What OSR can tell of a CRS definition.</summary>
public sealed record SpatialReferenceFacts(int? Epsg, string Name, bool IsGeographic, string LinearUnitName, double LinearUnitInMetres,
    double SemiMajorAxis, double InverseFlattening);
