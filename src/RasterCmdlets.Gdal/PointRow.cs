namespace RasterCmdlets.Gdal;

/// <summary>One point to write: coordinates and one value per field (long, string or null).</summary>
public sealed record PointRow(double X, double Y, object?[] Values);
