using System.Globalization;
using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Changes;

/// <summary>
/// When a class map was observed: the band's sensing time where the band knows it (a band of
/// Get-Sentinel2Band), else the date
/// its file says in GDAL metadata: ACQUISITIONDATETIME (the IMAGERY domain that GDAL fills for
/// satellite products, or the default domain, where <c>gdal_edit.py -mo</c> puts it), then
/// TIFFTAG_DATETIME. Null when none is there.
/// </summary>
public static class MapTime
{
    public static DateTime? Of(RasterBand band) => band.SensingTime ?? FromMetadata(band);

    /// <summary>The date in the metadata of the band's file, or null.</summary>
    public static DateTime? FromMetadata(RasterBand band)
    {
        var file = RasterBand.FileOf(band.Path);
        try
        {
            using var dataset = GdalDataset.Open(file);
            var text = GdalMetadata.Item(dataset, "ACQUISITIONDATETIME", "IMAGERY")
                ?? GdalMetadata.Item(dataset, "ACQUISITIONDATETIME")
                ?? GdalMetadata.Item(dataset, "TIFFTAG_DATETIME");
            return text is null ? null : Parse(text);
        }
        catch (GdalException)
        {
            return null; // a date is a label of the row: a file that cannot say it has none
        }
    }

    private static readonly string[] Formats =
    [
        "yyyy:MM:dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd", "yyyy:MM:dd",
    ];

    /// <summary>A metadata date: TIFF's "2023:05:01 10:30:00", ISO 8601 with or without a zone (UTC when none is said).</summary>
    public static DateTime? Parse(string text)
    {
        text = text.Trim();
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTime.TryParseExact(text.TrimEnd('Z'), Formats, CultureInfo.InvariantCulture, utc, out var exact)) return exact;
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, utc, out var any) ? any : null;
    }
}
