namespace RasterCmdlets.Gdal;

/// <summary>
/// One feature read from a layer: a point's coordinates, or a polygon's geometry (owned by the
/// caller), in the requested CRS, and the text of the requested field (null when unset or null).
/// </summary>
public sealed record VectorFeature(long Index, VectorGeometryKind Kind, double X, double Y, OgrGeometry? Geometry, string? Value);
