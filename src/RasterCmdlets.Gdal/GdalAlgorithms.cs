namespace RasterCmdlets.Gdal;

/// <summary>
/// GDAL's raster algorithms (gdal_alg.h), checked: they report progress, stop on the token
/// (Ctrl+C) and throw GdalException when they fail.
/// </summary>
public static class GdalAlgorithms
{
    /// <summary>GDALSieveFilter: regions under <paramref name="threshold"/> pixels merged into their largest neighbour.</summary>
    public static void Sieve(GdalBand from, GdalBand? mask, GdalBand to, int threshold, bool eightConnected, Action<double>? progress,
        CancellationToken cancellation, string operation)
    {
        GdalProgress.Run(progress, cancellation, operation,
            (function, data) => GdalNative.GDALSieveFilter(from.Raw, mask?.Raw ?? 0, to.Raw, threshold, eightConnected ? 8 : 4, 0, function, data));
        GC.KeepAlive(from.Owner);
        GC.KeepAlive(to.Owner);
    }

    /// <summary>GDALPolygonize: one polygon per connected region, its value written to field <paramref name="field"/>.</summary>
    public static void Polygonize(GdalBand band, GdalBand? mask, OgrLayer layer, int field, bool eightConnected, Action<double>? progress,
        CancellationToken cancellation, string operation)
    {
        using var options = new StringList(eightConnected ? ["8CONNECTED=8"] : []);
        GdalProgress.Run(progress, cancellation, operation,
            (function, data) => GdalNative.GDALPolygonize(band.Raw, mask?.Raw ?? 0, layer.Raw, field, options.Pointer, function, data));
        GC.KeepAlive(band.Owner);
        GC.KeepAlive(layer.Owner);
    }
}
