using System.Text.RegularExpressions;

namespace RasterCmdlets.Core.Sentinel2;

/// <summary>The bands of the MSI as ESA names them, with their native resolutions and metadata indices.</summary>
public static partial class Sentinel2BandNames
{
    /// <summary>The spectral bands in ESA's band_id order (0 to 12), the order of the metadata's offset lists.</summary>
    public static readonly IReadOnlyList<string> Spectral =
        ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"];

    /// <summary>The scene classification of Level-2A products.</summary>
    public const string SceneClassification = "SCL";

    /// <summary>Every name -Band takes.</summary>
    public static readonly IReadOnlyList<string> All = [.. Spectral, SceneClassification];

    /// <summary>The resolution, in metres, at which the MSI measures a band (and L1C ships it).</summary>
    public static int NativeResolution(string band) => band switch
    {
        "B02" or "B03" or "B04" or "B08" => 10,
        "B05" or "B06" or "B07" or "B8A" or "B11" or "B12" or SceneClassification => 20,
        _ => 60,
    };

    /// <summary>
    /// ESA's name for a band as a user or the metadata writes it (b8a, B8, B1 in Spectral_Information),
    /// or null when it names no band of the MSI.
    /// </summary>
    public static string? Normalise(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == SceneClassification) return upper;
        var m = ShortName().Match(upper);
        if (!m.Success) return null;
        var canonical = m.Groups[1].Value == "8A" ? "B8A" : $"B{int.Parse(m.Groups[1].Value):00}";
        return Spectral.Contains(canonical) ? canonical : null;
    }

    [GeneratedRegex(@"^B0?(\d{1,2}|8A)$")]
    private static partial Regex ShortName();
}
