namespace RasterCmdlets.Core.Changes;

/// <summary>
/// One row of a change map's transition table: the pixels that were class <see cref="From"/> in
/// the reference map and class <see cref="To"/> in the other, and the ground they cover (in the
/// CRS's squared linear unit, m² in UTM; on the ellipsoid for a geographic CRS; null when unknown).
/// </summary>
public sealed record ClassTransition(int Class, int From, string FromName, int To, string ToName, string Name, bool Changed,
    long PixelCount, double? Percent, double? Area, string AreaUnit)
{
    public double? Hectares => AreaUnit == "m²" && Area is double a ? a / 1e4 : null;
    public double? SquareKilometres => AreaUnit == "m²" && Area is double a ? a / 1e6 : null;

    public override string ToString() => $"{Name}: {PixelCount} pixels" + (SquareKilometres is double km ? $", {km:G6} km²" : "");
}
