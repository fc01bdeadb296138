namespace RasterCmdlets.Gdal;

/// <summary>GDAL's rasteriser (GDALRasterizeGeometries, as gdal_rasterize): burns geometries into a raster band.</summary>
public static unsafe class GdalRasterize
{
    /// <summary>
    /// Burns each geometry (already in the dataset's CRS) with its value into band 1 of
    /// <paramref name="target"/>; pixels whose centre falls inside a polygon are burnt, later
    /// geometries over earlier ones.
    /// </summary>
    public static void Burn(GdalDataset target, IReadOnlyList<OgrGeometry> geometries, IReadOnlyList<double> values,
        Action<double>? progress, CancellationToken cancellation)
    {
        if (geometries.Count == 0) return;
        var handles = geometries.Select(g => g.Raw).ToArray();
        var burn = values.ToArray();
        var bands = new[] { 1 };
        GdalProgress.Run(progress, cancellation, $"Rasterising polygons into '{target.Path}'", (function, data) =>
        {
            fixed (nint* g = handles)
            fixed (double* b = burn)
            fixed (int* list = bands)
                return GdalNative.GDALRasterizeGeometries(target.Handle, 1, list, handles.Length, g, 0, 0, b, 0, function, data);
        });
        GC.KeepAlive(geometries);
    }
}
