using System.Text.RegularExpressions;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Indices;

/// <summary>
/// The spectral roles the built-in indices use (Blue, Green, Red, NIR, SWIR1, SWIR2), and the ones
/// known without being told: those of Sentinel-2 bands, by their ESA name.
/// </summary>
public static partial class BandRoles
{
    public static readonly IReadOnlyList<string> All = ["Blue", "Green", "Red", "NIR", "SWIR1", "SWIR2"];

    private static readonly Dictionary<string, string> Sentinel2 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B02"] = "Blue",
        ["B03"] = "Green",
        ["B04"] = "Red",
        ["B08"] = "NIR",
        ["B11"] = "SWIR1",
        ["B12"] = "SWIR2",
    };

    /// <summary>The role of a Sentinel-2 band named <paramref name="name"/> (B03: Green), or null.</summary>
    public static string? OfSentinel2Band(string? name) => name is not null && Sentinel2.TryGetValue(name, out var role) ? role : null;

    /// <summary>
    /// The band's ESA name (B03) when it is a Sentinel-2 band: its Name (Get-Sentinel2Band), or told by its file's name as ESA writes
    /// it (T30STF_20230101T105441_B03_10m.jp2, or the L1C's T30STF_20230101T105441_B03.jp2), or null.
    /// </summary>
    public static string? Sentinel2NameOf(RasterBand band)
    {
        if (band.Name is { } name) return name; // Get-Sentinel2Band's, from the product's metadata
        var match = Sentinel2File().Match(band.FileName);
        return match.Success ? match.Groups[1].Value.ToUpperInvariant() : null;
    }

    [GeneratedRegex(@"_(B0[1-9]|B1[0-2]|B8A)(_\d+m)?\.jp2$", RegexOptions.IgnoreCase)]
    private static partial Regex Sentinel2File();
}
