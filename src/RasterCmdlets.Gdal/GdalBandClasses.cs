using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// What a band of a class-map file says of its classes: GDAL's category names (GDALGetRasterCategoryNames).
/// A GeoTIFF keeps them in its .aux.xml sidecar, which GDAL 3.6's GTiff driver loads lazily: asking
/// for the category names first returns none, while asking for the colour table (or the metadata)
/// first loads the sidecar. So the sidecar is loaded before the names are read.
/// </summary>
internal static class GdalBandClasses
{
    /// <summary>The category names of band <paramref name="bandNumber"/>, class 0 first; empty when it has none.</summary>
    public static IReadOnlyList<string> CategoryNames(GdalDataset dataset, int bandNumber)
    {
        var band = GdalNative.GDALGetRasterBand(dataset.Handle, bandNumber);
        if (band == 0) throw GdalCall.LastError($"Reading band {bandNumber} of '{dataset.Path}'");
        return CategoryNames(band, $"band {bandNumber} of '{dataset.Path}'");
    }

    /// <summary>The category names of a band handle (borrowed from a dataset the caller keeps open).</summary>
    public static IReadOnlyList<string> CategoryNames(nint band, string what)
    {
        GdalCall.Reset();
        LoadSidecar(band);
        var list = GdalNative.GDALGetRasterCategoryNames(band);
        var names = new List<string>();
        for (var i = 0; list != 0 && Marshal.ReadIntPtr(list, i * IntPtr.Size) is var item && item != 0; i++)
            names.Add(Marshal.PtrToStringUTF8(item) ?? "");
        // A damaged .aux.xml is reported, not read as "no names".
        GdalCall.ThrowIfFailureRecorded($"Reading the category names of {what}");
        // Trailing empty names name nothing: "Class N" serves better than "".
        while (names.Count > 0 && names[^1].Length == 0) names.RemoveAt(names.Count - 1);
        return names;
    }

    private static void LoadSidecar(nint band) => GdalNative.GDALGetRasterColorTable(band);
}
