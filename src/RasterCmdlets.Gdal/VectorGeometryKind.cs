namespace RasterCmdlets.Gdal;

/// <summary>What a feature's geometry is, as far as the accuracy assessment cares.</summary>
public enum VectorGeometryKind { None, Point, Polygon, Other }
