namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// GDAL's affine geotransform: map X = OriginX + col * PixelWidth + row * RowRotation,
/// map Y = OriginY + col * ColumnRotation + row * PixelHeight.
/// </summary>
public readonly record struct GeoTransform(
    double OriginX, double PixelWidth, double RowRotation,
    double OriginY, double ColumnRotation, double PixelHeight)
{
    public static GeoTransform FromGdal(IReadOnlyList<double> c) => new(c[0], c[1], c[2], c[3], c[4], c[5]);

    public double[] ToGdal() => [OriginX, PixelWidth, RowRotation, OriginY, ColumnRotation, PixelHeight];

    public bool IsRotated => RowRotation != 0 || ColumnRotation != 0;

    /// <summary>Area of one pixel in the CRS's squared linear unit: the determinant, so rotation is included.</summary>
    public double PixelArea => Math.Abs(PixelWidth * PixelHeight - RowRotation * ColumnRotation);

    public override string ToString() =>
        $"[{OriginX}, {PixelWidth}, {RowRotation}, {OriginY}, {ColumnRotation}, {PixelHeight}]";
}
