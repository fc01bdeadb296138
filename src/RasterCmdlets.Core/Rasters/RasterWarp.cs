using System.Globalization;
using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Puts a band on another grid with GDAL: its warper (gdalwarp -te/-tr/-t_srs/-r into a VRT) in
/// general, or, on a grid that only scales the band's own (the same CRS and pixel edges, as a
/// Sentinel-2 product's 10, 20 and 60 m grids), its RasterIO resampling (a VRT source with a
/// resampling method, as gdal_translate -outsize and gdaladdo resample). The warper checks a source
/// mask for every pixel, and took 3.3 s of CPU for a 20 m band of a 10980² tile where RasterIO took
/// 1.2 s. The result is read window by window like any band; no pixel is resampled here.
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
        if (Scaled(band, target, resampling) is { } scaled) return band.AsResampled(scaled, target);
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

    /// <summary>
    /// <paramref name="band"/> on <paramref name="target"/> through a VRT source with a resampling
    /// method, when the target's pixels are whole pixels of the band's, or whole multiples of them,
    /// inside it and in its CRS; null otherwise (the warper then does it).
    /// </summary>
    /// <remarks>
    /// A NoData value is declared on a native-resolution VRT around the file, so that GDAL leaves
    /// NoData pixels out of the interpolation, as the warper's -srcnodata does; a pixel is NoData
    /// when every pixel it would be interpolated from is. Bands with a mask band (alpha, .msk) or a
    /// NaN NoData value are left to the warper, whose masks are per pixel.
    /// </remarks>
    private static RasterBand? Scaled(RasterBand band, RasterGrid target, RasterResampling resampling)
    {
        if (band.GeoTransform is not GeoTransform s || target.GeoTransform is not GeoTransform t || s.IsRotated || t.IsRotated) return null;
        if (band.Crs.Wkt != target.Crs.Wkt && !(band.Crs.Epsg is int a && target.Crs.Epsg == a)) return null;
        if (band.OwnMask == MaskKind.MaskBand || band.NoDataValue is double nan && double.IsNaN(nan) || band.IsComputed
            || band.DataType == RasterDataType.Int8) return null; // GDAL 3.6's VRT has no Int8
        if (Math.Sign(s.PixelWidth) != Math.Sign(t.PixelWidth) || Math.Sign(s.PixelHeight) != Math.Sign(t.PixelHeight)) return null;
        // The target's window in the band's pixels: whole numbers, and inside the band.
        double[] window = [(t.OriginX - s.OriginX) / s.PixelWidth, (t.OriginY - s.OriginY) / s.PixelHeight,
            target.Width * t.PixelWidth / s.PixelWidth, target.Height * t.PixelHeight / s.PixelHeight];
        if (window.Any(v => Math.Abs(v - Math.Round(v)) > 1e-6)) return null;
        var (x, y, w, h) = ((long)Math.Round(window[0]), (long)Math.Round(window[1]), (long)Math.Round(window[2]), (long)Math.Round(window[3]));
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > band.Width || y + h > band.Height) return null;
        // One of the two ways must be whole: a 20 m pixel is two 10 m ones, or a 10 m pixel half a 20 m one.
        static bool Whole(double ratio) => Math.Abs(ratio - Math.Round(ratio)) < 1e-9 && Math.Round(ratio) >= 1;
        if (!(Whole((double)target.Width / w) && Whole((double)target.Height / h)) && !(Whole((double)w / target.Width) && Whole((double)h / target.Height)))
            return null;

        // Opened now, as the warper opens it: a file gone is an error of this call, not of a later read.
        RasterIOException.Wrap(RasterIORole.OpenInput, band.Path, () => { using var source = GdalDataset.Open(band.Path); return true; });
        var type = band.DataType.ToGdal().ToString(); // GDAL's own type names
        var noData = band.NoDataValue is double nd ? $"<NoDataValue>{F(nd)}</NoDataValue>" : "";
        var escapedPath = System.Security.SecurityElement.Escape(band.Path);
        var native = $"<VRTDataset rasterXSize=\"{band.Width}\" rasterYSize=\"{band.Height}\">" +
            $"<VRTRasterBand dataType=\"{type}\" band=\"1\">{noData}" +
            $"<SimpleSource><SourceFilename relativeToVRT=\"0\">{escapedPath}</SourceFilename><SourceBand>{band.BandNumber}</SourceBand>" +
            $"<SrcRect xOff=\"0\" yOff=\"0\" xSize=\"{band.Width}\" ySize=\"{band.Height}\"/>" +
            $"<DstRect xOff=\"0\" yOff=\"0\" xSize=\"{band.Width}\" ySize=\"{band.Height}\"/></SimpleSource>" +
            "</VRTRasterBand></VRTDataset>";
        var srs = target.Crs.IsEmpty ? "" : $"<SRS>{System.Security.SecurityElement.Escape(target.Crs.Wkt)}</SRS>";
        var geoTransform = string.Join(", ", t.ToGdal().Select(F));
        // Blocks as the band's own, scaled: a window of the target then reads whole blocks of the band.
        var blockWidth = Math.Clamp((int)Math.Min((long)band.BlockWidth * target.Width / w, target.Width), 1, target.Width);
        var blockHeight = Math.Clamp((int)Math.Min((long)band.BlockHeight * target.Height / h, target.Height), 1, target.Height);
        var xml = $"<VRTDataset rasterXSize=\"{target.Width}\" rasterYSize=\"{target.Height}\">{srs}<GeoTransform>{geoTransform}</GeoTransform>" +
            $"<VRTRasterBand dataType=\"{type}\" band=\"1\" blockXSize=\"{blockWidth}\" blockYSize=\"{blockHeight}\">{noData}" +
            $"<SimpleSource resampling=\"{VrtName(resampling)}\"><SourceFilename relativeToVRT=\"0\">{System.Security.SecurityElement.Escape(native)}</SourceFilename>" +
            $"<SourceBand>1</SourceBand><SrcRect xOff=\"{x}\" yOff=\"{y}\" xSize=\"{w}\" ySize=\"{h}\"/>" +
            $"<DstRect xOff=\"0\" yOff=\"0\" xSize=\"{target.Width}\" ySize=\"{target.Height}\"/></SimpleSource>" +
            "</VRTRasterBand></VRTDataset>";
        return RasterIOException.Wrap(RasterIORole.OpenInput, band.Path, () => RasterBand.Open(xml, [1])[0]);
    }

    private static string VrtName(RasterResampling r) => r == RasterResampling.Nearest ? "nearest" : Name(r);

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
