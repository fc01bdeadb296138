using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// gdalwarp through GDAL's library API, into a virtual raster: nothing is resampled when the VRT is
/// made, GDAL's warper resamples each window as it is read.
/// </summary>
public static class GdalWarp
{
    /// <summary>
    /// The XML text of a warped VRT of <paramref name="source"/> made with gdalwarp's
    /// <paramref name="arguments"/> (without -of). A VRT's XML text is itself a path GDALOpenEx
    /// opens, so the result can be opened again, by every worker thread, without any file.
    /// </summary>
    public static string ToVrtXml(GdalDataset source, IEnumerable<string> arguments)
    {
        using var argv = new StringList(["-of", "VRT", .. arguments], asNameValue: false);
        var options = GdalNative.GDALWarpAppOptionsNew(argv.Pointer, 0);
        if (options == 0) throw GdalCall.LastError($"Preparing to warp '{source.Path}'");
        try
        {
            GdalCall.Reset();
            // An empty destination with the VRT driver: the warped dataset lives in memory only.
            var raw = GdalNative.GDALWarp("", 0, 1, [source.Handle.DangerousGetHandle()], options, out _);
            if (raw == 0) throw GdalCall.LastError($"Warping '{source.Path}'");
            using var warped = new DatasetHandle(raw);
            var xml = GdalNative.GDALGetMetadata(raw, "xml:VRT");
            var text = xml == 0 ? null : Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(xml));
            return text ?? throw new GdalException($"Warping '{source.Path}'", GdalException.NotSupported, "the VRT driver gave no XML for the warped dataset");
        }
        finally
        {
            GdalNative.GDALWarpAppOptionsFree(options);
        }
    }
}
