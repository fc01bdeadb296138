namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// One class of a class map: its pixels, their share of the valid pixels and the ground they
/// cover. Area is in the CRS's squared linear unit (m² in UTM) from the geotransform's pixel area
/// (rotation included), or in m² on the ellipsoid for a geographic CRS; null where it cannot be
/// known. The row for missing pixels has no class number, the name "NoData" and no percentage.
/// </summary>
public sealed record RasterClass(int? Class, string Name, IReadOnlyList<double>? Centre, long PixelCount, double? Percent, double? Area, string AreaUnit)
{
    public bool IsNoData => Class is null;
    public double? Hectares => AreaUnit == "m²" && Area is double a ? a / 1e4 : null;
    public double? SquareKilometres => AreaUnit == "m²" && Area is double a ? a / 1e6 : null;

    /// <summary>Rows for each class of a projected (or CRS-less) grid, from the pixel counts.</summary>
    public static IReadOnlyList<RasterClass> Tabulate(RasterGrid grid, IReadOnlyList<long> counts, IReadOnlyList<IReadOnlyList<double>>? centres,
        IReadOnlyList<string>? names = null)
    {
        var valid = counts.Sum();
        var (pixelArea, unit) = PixelArea(grid);
        return counts.Select((n, k) => new RasterClass(k, NameOf(names, k), centres?[k], n, valid > 0 ? 100.0 * n / valid : 0,
            pixelArea is double a ? a * n : null, unit)).ToArray();
    }

    internal static string NameOf(IReadOnlyList<string>? names, int k) => names is not null && k < names.Count && names[k].Length > 0 ? names[k] : $"Class {k}";

    /// <summary>The area of one pixel and its unit, when the CRS is projected with a known linear unit.</summary>
    internal static (double? Area, string Unit) PixelArea(RasterGrid grid)
    {
        if (grid.GeoTransform is not GeoTransform t || grid.Crs.IsEmpty || grid.Crs.IsGeographic) return (null, "");
        var metres = grid.Crs.LinearUnitInMetres;
        return metres > 0 ? (t.PixelArea * metres * metres, "m²") : (t.PixelArea, grid.Crs.LinearUnitName + "²");
    }

    public override string ToString() =>
        $"{Name}: {PixelCount} pixels" + (Percent is double p ? $" ({p:F2}%)" : "") + (SquareKilometres is double km ? $", {km:G6} km²" : "");
}
