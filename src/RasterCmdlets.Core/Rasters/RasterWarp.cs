using System.Globalization;
using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Puts a band on another grid with GDAL's warper (gdalwarp -te/-tr/-t_srs/-r into a VRT). The
/// result is read window by window like any band; no pixel is resampled here.
/// </summary>
internal static class RasterWarp
{
    /// <param name="errorId">What a grid that cannot be warped onto is called: BandsNotAligned, MaskNotAligned.</param>
    public static RasterBand Onto(RasterBand band, RasterGrid target, RasterResampling resampling, bool markOutside, string errorId = "BandsNotAligned")
    {
        if (target.GeoTransform is not GeoTransform t || t.IsRotated || band.GeoTransform is null
            || target.Crs.IsEmpty != band.Crs.IsEmpty)
            throw new RasterException(errorId, RasterErrorKind.Mismatch,
                $"{band} cannot be resampled onto the grid of {target.Width}x{target.Height}: both need a geotransform without rotation, " +
                "and either both a CRS or neither.");
        var args = new List<string>
        {
            "-r", Name(resampling),
            "-te", F(t.OriginX), F(Math.Min(t.OriginY, t.OriginY + target.Height * t.PixelHeight)),
            F(t.OriginX + target.Width * t.PixelWidth), F(Math.Max(t.OriginY, t.OriginY + target.Height * t.PixelHeight)),
            "-tr", F(Math.Abs(t.PixelWidth)), F(Math.Abs(t.PixelHeight)),
        };
        // Only a CRS that differs is given: the same CRS re-exported could differ in its WKT text.
        if (band.Crs.Epsg is int a && target.Crs.Epsg is int b ? a != b : band.Crs.Wkt != target.Crs.Wkt)
            args.AddRange(["-t_srs", target.Crs.Wkt]);
        // Pixels beyond the band's footprint must be missing, not 0: gdalwarp writes its NoData value
        // there, or clears an alpha band when it has none.
        if (markOutside && band.NoDataValue is null) args.Add("-dstalpha");
        // A NoData value the band was given (a Sentinel-2 band's 0, not in its JPEG 2000 file) must
        // keep those pixels out of the interpolation too, and mark them missing on the new grid.
        else if (band.NoDataValue is double nd && !double.IsNaN(nd)) args.AddRange(["-srcnodata", F(nd), "-dstnodata", F(nd)]);

        var xml = RasterIOException.Wrap(RasterIORole.OpenInput, band.Path, () =>
        {
            using var source = GdalDataset.Open(band.Path);
            return GdalWarp.ToVrtXml(source, args);
        });
        var warped = RasterBand.Open(xml, [band.BandNumber])[0];
        if (warped.Width != target.Width || warped.Height != target.Height || warped.GeoTransform != target.GeoTransform)
            throw new RasterException(errorId, RasterErrorKind.Mismatch,
                $"{band} could not be resampled exactly onto the grid of {target.Width}x{target.Height} " +
                $"(gdalwarp gave {warped.Width}x{warped.Height}, {warped.GeoTransform}).");
        return band.AsResampled(warped, target);
    }

    private static string Name(RasterResampling r) => r switch
    {
        RasterResampling.Nearest => "near",
        RasterResampling.Bilinear => "bilinear",
        RasterResampling.Cubic => "cubic",
        RasterResampling.Average => "average",
        RasterResampling.Mode => "mode",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
