namespace RasterCmdlets.Gdal;

/// <summary>OGR's OGRFieldType, with OGR's numbers, for the field types the module writes.</summary>
public enum OgrFieldType
{
    Integer = 0,
    Real = 2,
    String = 4,
    Integer64 = 12,
}
