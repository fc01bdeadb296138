using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Pictures;

/// <summary>
/// A PNG picture of a band, drawn by GDAL: the band is read once at the picture's size (GDAL's
/// decimated RasterIO, which reads overviews where the file has them, so a 10980² tile costs a
/// fraction of a full read), put in an in-memory dataset and copied with the PNG driver. A band
/// with a colour table (a class map) is drawn in its colours (nearest pixels); any other band is averaged and stretched
/// linearly between its 2nd and 98th percentiles (of the pixels read) to grey levels. Missing
/// pixels are transparent.
/// </summary>
public static class RasterPreview
{
    public const int DefaultMaximumSize = 1024;
    public const double LowPercentile = 2, HighPercentile = 98;

    /// <summary>The picture's size: the longest side <paramref name="size"/> (default: the raster's, at most 1024).</summary>
    public static (int Width, int Height) SizeFor(int width, int height, int? size)
    {
        var longest = Math.Max(width, height);
        var target = size ?? Math.Min(longest, DefaultMaximumSize);
        var scale = (double)target / longest;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>Refuses a file name that is not a .png: previews are written as PNG only.</summary>
    public static void RequirePng(string path)
    {
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
            throw new RasterException("UnsupportedFormat", RasterErrorKind.NotSupported, $"'{Path.GetFileName(path)}': previews are written as PNG; name a .png file.") { Target = path };
    }

    public static RasterPreviewInfo Write(RasterBand band, string path, int? size, bool overwrite, CancellationToken cancellation = default)
    {
        var target = Path.GetFullPath(path);
        RequirePng(target);
        if (size is < 1 or > 16384)
            throw new RasterException("InvalidSize", RasterErrorKind.InvalidArgument, $"The preview size is from 1 to 16384 pixels, not {size}.");
        OutputFile.Check(target, overwrite);

        var (width, height) = SizeFor(band.Width, band.Height, size);
        RasterPreviewInfo? info = null;
        OutputFile.Write(target, overwrite, ".png", temporary =>
        {
            GdalDataset picture;
            (picture, info) = RasterIOException.Wrap(RasterIORole.ReadInput, band.Path, () => Draw(band, target, width, height, cancellation));
            using (picture)
            {
                cancellation.ThrowIfCancellationRequested();
                RasterIOException.Wrap(RasterIORole.WriteOutput, target, () =>
                {
                    picture.CopyTo("PNG", temporary, ["ZLEVEL=6"]);
                    return true;
                });
            }
            return temporary;
        }, cancellation);
        return info!;
    }

    /// <summary>
    /// The picture in memory: the class map in its colour table, or the band stretched to grey. The
    /// in-memory dataset is disposed if drawing fails or is stopped.
    /// </summary>
    private static (GdalDataset Picture, RasterPreviewInfo Info) Draw(RasterBand band, string target, int width, int height, CancellationToken cancellation)
    {
        var validity = ValidityPlan.Of(band);
        if (validity.HasKindsBeyondGdalMask)
            throw new RasterException("MaskRasterNotSupported", RasterErrorKind.NotSupported,
                $"{band} is masked by another raster (Set-RasterMask): write it with Export-GeoTiff first, then preview the file.");
        using var source = GdalDataset.Open(band.Path);
        var raw = source.GetBand(band.BandNumber);
        var count = width * height;
        if (raw.ColorTable is { } colours && band.DataType == RasterDataType.Byte)
        {
            var labels = new byte[count];
            raw.ReadResampled<byte>(labels, width, height, GdalDataType.Byte, GdalResampling.Nearest);
            return Drawn(width, height, 1, picture =>
            {
                var output = picture.GetBand(1);
                output.Write(0, 0, width, height, (ReadOnlySpan<byte>)labels, GdalDataType.Byte);
                output.SetColorTable(colours);
            }, new RasterPreviewInfo(target, width, height, "ColourTable", null, null));
        }
        var values = new double[count];
        raw.ReadResampled<double>(values, width, height, GdalDataType.Float64, GdalResampling.Average);
        var valid = new byte[count];
        var masked = validity.NeedsGdalMaskBand;
        if (masked) raw.MaskBand.ReadResampled<byte>(valid, width, height, GdalDataType.Byte, GdalResampling.Nearest);
        else Array.Fill(valid, (byte)255);
        // NaN is missing in every floating-point band (ValidityPlan), whatever GDAL's mask says.
        for (var i = 0; i < count; i++) if (double.IsNaN(values[i])) { valid[i] = 0; masked = true; }
        cancellation.ThrowIfCancellationRequested();
        var (low, high) = Percentiles(values, valid);
        var grey = new byte[count];
        var span = high - low;
        for (var i = 0; i < count; i++)
        {
            if (valid[i] == 0) continue;
            grey[i] = span > 0 ? (byte)Math.Clamp(Math.Round((values[i] - low) / span * 255), 0, 255) : (byte)128;
        }
        var info = new RasterPreviewInfo(target, width, height, "PercentileStretch", double.IsNaN(low) ? null : low, double.IsNaN(high) ? null : high);
        return Drawn(width, height, masked ? 2 : 1, picture =>
        {
            picture.GetBand(1).Write(0, 0, width, height, (ReadOnlySpan<byte>)grey, GdalDataType.Byte);
            if (!masked) return;
            var alpha = picture.GetBand(2);
            for (var i = 0; i < count; i++) valid[i] = valid[i] == 0 ? (byte)0 : (byte)255;
            alpha.Write(0, 0, width, height, (ReadOnlySpan<byte>)valid, GdalDataType.Byte);
            alpha.MarkAsAlpha();
        }, info);
    }

    /// <summary>An in-memory Byte picture filled by <paramref name="fill"/>, disposed if filling fails.</summary>
    private static (GdalDataset, RasterPreviewInfo) Drawn(int width, int height, int bands, Action<GdalDataset> fill, RasterPreviewInfo info)
    {
        var picture = GdalDataset.Create("MEM", "", width, height, bands, GdalDataType.Byte, []);
        try
        {
            fill(picture);
            return (picture, info);
        }
        catch
        {
            picture.Dispose();
            throw;
        }
    }

    /// <summary>The 2nd and 98th percentiles of the valid values (nearest rank); NaN when none is valid.</summary>
    public static (double Low, double High) Percentiles(double[] values, byte[] valid)
    {
        var kept = values.Where((_, i) => valid[i] != 0).ToArray();
        if (kept.Length == 0) return (double.NaN, double.NaN);
        Array.Sort(kept);
        double At(double p) => kept[(int)Math.Clamp(Math.Round(p / 100 * (kept.Length - 1)), 0, kept.Length - 1)];
        return (At(LowPercentile), At(HighPercentile));
    }
}
