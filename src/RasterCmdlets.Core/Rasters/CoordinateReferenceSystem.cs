using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>A raster's CRS as GDAL reports it, with what OSR can identify of it.</summary>
public sealed record CoordinateReferenceSystem(
    string Wkt, int? Epsg, string Name, bool IsGeographic, string LinearUnitName, double LinearUnitInMetres,
    double SemiMajorAxis, double InverseFlattening)
{
    public static readonly CoordinateReferenceSystem None = new("", null, "", false, "", 1, 0, 0);

    public bool IsEmpty => Wkt.Length == 0;

    /// <summary>Reads what OSR knows of a WKT definition. Empty WKT gives <see cref="None"/>.</summary>
    public static CoordinateReferenceSystem FromWkt(string wkt)
    {
        if (string.IsNullOrWhiteSpace(wkt)) return None;
        using var reference = GdalSpatialReference.FromWkt(wkt);
        if (reference is null) return None with { Wkt = wkt };
        var f = reference.Facts();
        return new CoordinateReferenceSystem(wkt, f.Epsg, f.Name, f.IsGeographic, f.LinearUnitName, f.LinearUnitInMetres,
            f.SemiMajorAxis, f.InverseFlattening);
    }

    public override string ToString() => IsEmpty ? "(none)" : Epsg is int e ? $"EPSG:{e}" : Name;
}
