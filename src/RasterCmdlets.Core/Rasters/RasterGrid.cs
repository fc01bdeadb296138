namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Where a raster's pixels lie: size, geotransform and CRS. Rasters combine (join, classify, write)
/// only when their grids are the same.
/// </summary>
public sealed record RasterGrid(int Width, int Height, GeoTransform? GeoTransform, CoordinateReferenceSystem Crs)
{
    public long PixelCount => (long)Width * Height;

    /// <summary>Why two grids differ, or null when pixels at the same index lie at the same place.</summary>
    public string? DescribeMismatch(RasterGrid other)
    {
        if (Width != other.Width || Height != other.Height) return $"size {Width}x{Height} differs from {other.Width}x{other.Height}";
        if (GeoTransform != other.GeoTransform) return $"geotransform {Format(GeoTransform)} differs from {Format(other.GeoTransform)}";
        if (Crs.Epsg is int a && other.Crs.Epsg is int b ? a != b : Crs.Wkt != other.Crs.Wkt)
            return $"CRS {Crs} differs from {other.Crs}";
        return null;
    }

    private static string Format(GeoTransform? t) => t?.ToString() ?? "(none)";
}
