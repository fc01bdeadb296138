namespace RasterCmdlets.Gdal;

/// <summary>A field of a point layer: its name and whether it holds integers (else text).</summary>
public sealed record PointField(string Name, bool IsInteger);
