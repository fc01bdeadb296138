using System.Globalization;
using RasterCmdlets.Core.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>How a band is resampled onto another grid (gdalwarp's -r).</summary>
public enum RasterResampling
{
    Nearest,
    Bilinear,
    Cubic,
    Average,
    Mode,
}

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

/// <summary>
/// A raster whose values mark another band's pixels missing (a scene classification band: clouds,
/// shadows, snow), already on that band's grid: <see cref="Path"/> is the file itself, or the XML
/// text of a VRT that resamples it by nearest neighbour onto the band's grid.
/// </summary>
public sealed record RasterMaskSource(string Path, int BandNumber, IReadOnlyList<double> Values, string File)
{
    /// <summary>Band <paramref name="bandNumber"/> of the raster at <paramref name="path"/>, put on <paramref name="band"/>'s grid.</summary>
    public static RasterMaskSource For(RasterBand band, string path, int bandNumber, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("No mask values were given.", nameof(values));
        var mask = RasterBand.Open(path, [bandNumber])[0];
        if (mask.Grid.DescribeMismatch(band.Grid) is not null)
            mask = RasterWarp.Onto(mask, band.Grid, RasterResampling.Nearest, markOutside: false, errorId: "MaskNotAligned");
        return new RasterMaskSource(mask.Path, mask.BandNumber, values.ToArray(), path);
    }

    /// <summary>
    /// <paramref name="source"/> with its pixels missing wherever band <paramref name="bandNumber"/>
    /// of the raster at <paramref name="path"/> holds one of <paramref name="values"/>.
    /// </summary>
    public static IRasterSource Apply(IRasterSource source, string path, int bandNumber, IReadOnlyList<double> values)
    {
        var mask = For(source.Bands[0], path, bandNumber, values);
        // A pixel of a stack is missing when any of its bands is: masking the first band masks the
        // stack, and the mask raster is read once per window instead of once per band.
        return source switch
        {
            RasterBand band => band.WithMask(mask),
            RasterStack stack => RasterStack.Join([stack.Bands[0].WithMask(mask), .. stack.Bands.Skip(1)]),
            _ => throw new ArgumentException($"Cannot mask a {source.GetType().Name}.", nameof(source)),
        };
    }

    public override string ToString() => $"{System.IO.Path.GetFileName(File)} band {BandNumber} in ({string.Join(",", Values)})";
}
