using RasterCmdlets.Core.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Pictures;

/// <summary>What a preview shows and how big it is.</summary>
public sealed record RasterPreviewInfo(string Path, int Width, int Height, string Rendering, double? Low, double? High);

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
            throw new RasterException("UnsupportedFormat", RasterErrorKind.NotSupported, $"'{Path.GetFileName(path)}': previews are written as PNG; name a .png file.");
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

    /// <summary>The picture in memory: the class map in its colour table, or the band stretched to grey.</summary>
    private static (GdalDataset Picture, RasterPreviewInfo Info) Draw(RasterBand band, string target, int width, int height, CancellationToken cancellation)
    {
        using var source = GdalDataset.Open(band.Path);
        var raw = GdalNative.GDALGetRasterBand(source.Handle, band.BandNumber);
        if (raw == 0) throw GdalCall.LastError($"Reading band {band.BandNumber} of '{band.Path}'");
        var colours = GdalNative.GDALGetRasterColorTable(raw);
        var count = width * height;
        if (colours != 0 && band.DataType == RasterDataType.Byte)
        {
            var labels = new byte[count];
            Read(raw, band, labels, RasterDataType.Byte, width, height);
            var memory = GdalDataset.Create("MEM", "", width, height, 1, RasterDataType.Byte, []);
            var output = GdalNative.GDALGetRasterBand(memory.Handle, 1);
            WriteBand(output, labels, width, height);
            GdalCall.Check(GdalNative.GDALSetRasterColorTable(output, colours), "Setting the colour table");
            return (memory, new RasterPreviewInfo(target, width, height, "ColourTable", null, null));
        }
        var values = new double[count];
        Read(raw, band, values, RasterDataType.Float64, width, height, GdalRasterIOExtraArg.Average);
        var valid = new byte[count];
        var masked = band.Mask != MaskKind.AllValid;
        if (masked) Read(GdalNative.GDALGetMaskBand(raw), band, valid, RasterDataType.Byte, width, height);
        else Array.Fill(valid, (byte)255);
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
        var picture = GdalDataset.Create("MEM", "", width, height, masked ? 2 : 1, RasterDataType.Byte, []);
        WriteBand(GdalNative.GDALGetRasterBand(picture.Handle, 1), grey, width, height);
        if (masked)
        {
            var alpha = GdalNative.GDALGetRasterBand(picture.Handle, 2);
            for (var i = 0; i < count; i++) valid[i] = valid[i] == 0 ? (byte)0 : (byte)255;
            WriteBand(alpha, valid, width, height);
            GdalNative.GDALSetRasterColorInterpretation(alpha, 6); // GCI_AlphaBand
        }
        return (picture, new RasterPreviewInfo(target, width, height, "PercentileStretch", double.IsNaN(low) ? null : low, double.IsNaN(high) ? null : high));
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

    /// <summary>
    /// Reads the whole band into a buffer of the picture's size: GDAL picks the best overview, then
    /// resamples: nearest for classes (every pixel stays a class), average for values (no aliasing).
    /// </summary>
    private static unsafe void Read<T>(nint band, RasterBand described, T[] buffer, RasterDataType type, int width, int height,
        int resampling = GdalRasterIOExtraArg.Nearest) where T : unmanaged
    {
        GdalCall.Reset();
        fixed (T* p = buffer)
        {
            var err = GdalNative.GDALRasterIOEx(band, GdalNative.GF_Read, 0, 0, described.Width, described.Height, p, width, height, (int)type, 0, 0,
                GdalRasterIOExtraArg.With(resampling));
            GdalCall.Check(err, $"Reading '{described.Path}'");
            GdalCall.ThrowIfFailureRecorded($"Reading '{described.Path}'");
        }
    }

    private static unsafe void WriteBand(nint band, byte[] pixels, int width, int height)
    {
        fixed (byte* p = pixels)
            GdalCall.Check(GdalNative.GDALRasterIO(band, GdalNative.GF_Write, 0, 0, width, height, p, width, height, (int)RasterDataType.Byte, 0, 0),
                "Drawing the preview");
    }
}
