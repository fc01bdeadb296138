using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Where the raster types meet the Gdal layer, which knows none of them: pixel types, windows and
/// geotransforms passed as GDAL passes them.
/// </summary>
internal static class GdalBridge
{
    public static GdalDataType ToGdal(this RasterDataType type) => (GdalDataType)(int)type;

    public static RasterDataType ToRaster(this GdalDataType type) => (RasterDataType)(int)type;

    public static void Read<T>(this GdalBand band, RasterWindow window, Span<T> buffer, RasterDataType bufferType) where T : unmanaged =>
        band.Read(window.X, window.Y, window.Width, window.Height, buffer, bufferType.ToGdal());

    public static void Write<T>(this GdalBand band, RasterWindow window, ReadOnlySpan<T> buffer, RasterDataType bufferType) where T : unmanaged =>
        band.Write(window.X, window.Y, window.Width, window.Height, buffer, bufferType.ToGdal());

    public static GeoTransform? GeoTransformOf(GdalDataset dataset) =>
        dataset.GeoTransform is { } values ? GeoTransform.FromGdal(values) : null;
}
