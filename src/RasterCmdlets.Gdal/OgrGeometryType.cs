namespace RasterCmdlets.Gdal;

/// <summary>OGR's OGRwkbGeometryType, for the layers the module writes.</summary>
public enum OgrGeometryType
{
    Unknown = 0,
    Point = 1,
    Polygon = 3,
}
