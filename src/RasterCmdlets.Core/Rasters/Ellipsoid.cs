
namespace RasterCmdlets.Core.Rasters;

/// <summary>An ellipsoid, for the exact area of a latitude-longitude cell.</summary>
internal sealed record Ellipsoid(double SemiMajor, double InverseFlattening)
{
    public static Ellipsoid? Of(CoordinateReferenceSystem crs) => crs.SemiMajorAxis > 0 ? new(crs.SemiMajorAxis, crs.InverseFlattening) : null;

    private double E2 => InverseFlattening > 0 ? (2 - 1 / InverseFlattening) / InverseFlattening : 0;

    /// <summary>
    /// Area (m²) of a cell of row <paramref name="row"/> of a north-up grid in degrees: the zone
    /// between two latitudes, (a²/2) Δλ |q(φ2) − q(φ1)|, with q the authalic function.
    /// </summary>
    public double CellArea(GeoTransform t, int row)
    {
        var phi1 = Radians(t.OriginY + row * t.PixelHeight);
        var phi2 = Radians(t.OriginY + (row + 1) * t.PixelHeight);
        var lambda = Math.Abs(Radians(t.PixelWidth));
        return SemiMajor * SemiMajor / 2 * lambda * Math.Abs(Q(phi2) - Q(phi1));
    }

    private double Q(double phi)
    {
        var e2 = E2;
        var s = Math.Sin(phi);
        if (e2 == 0) return 2 * s;
        var e = Math.Sqrt(e2);
        return (1 - e2) * (s / (1 - e2 * s * s) - 1 / (2 * e) * Math.Log((1 - e * s) / (1 + e * s)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
