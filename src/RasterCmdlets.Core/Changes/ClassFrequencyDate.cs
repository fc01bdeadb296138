namespace RasterCmdlets.Core.Changes;

/// <summary>
/// One map of a frequency (one date): when it was observed (null when unknown), the pixels and area
/// of the class in it, and how much of it could be observed (<see cref="ValidFraction"/>: the share
/// of the map's pixels that are neither NoData nor masked, 0 to 1). Area is in the CRS's squared
/// linear unit (m² in UTM; on the ellipsoid for a geographic CRS), null when unknown.
/// </summary>
public sealed record ClassFrequencyDate(int Index, string Map, DateTime? SensingTime, int Class, string ClassName,
    long ClassPixelCount, double? ClassPercent, double? ClassArea, string AreaUnit, long ValidPixelCount, double ValidFraction)
{
    public double? ClassHectares => AreaUnit == "m²" && ClassArea is double a ? a / 1e4 : null;
    public double? ClassSquareKilometres => AreaUnit == "m²" && ClassArea is double a ? a / 1e6 : null;

    public override string ToString() =>
        $"{(SensingTime is DateTime t ? t.ToString("yyyy-MM-dd") : Map)}: {ClassName} {ClassPixelCount} pixels, {ValidFraction:P0} valid";
}
