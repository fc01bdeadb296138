using System.Runtime.InteropServices;
using RasterCmdlets.Core.Gdal;

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
        GdalLibrary.EnsureInitialized();
        var srs = GdalNative.OSRNewSpatialReference(wkt);
        if (srs == 0) return None with { Wkt = wkt };
        try
        {
            int? epsg = null;
            var authority = Marshal.PtrToStringUTF8(GdalNative.OSRGetAuthorityName(srs, null));
            var code = Marshal.PtrToStringUTF8(GdalNative.OSRGetAuthorityCode(srs, null));
            if (authority == "EPSG" && int.TryParse(code, out var c)) epsg = c;
            else if (GdalNative.OSRAutoIdentifyEPSG(srs) == 0)
            {
                authority = Marshal.PtrToStringUTF8(GdalNative.OSRGetAuthorityName(srs, null));
                code = Marshal.PtrToStringUTF8(GdalNative.OSRGetAuthorityCode(srs, null));
                if (authority == "EPSG" && int.TryParse(code, out c)) epsg = c;
            }
            var name = Marshal.PtrToStringUTF8(GdalNative.OSRGetName(srs)) ?? "";
            var geographic = GdalNative.OSRIsGeographic(srs) != 0;
            var unitFactor = GdalNative.OSRGetLinearUnits(srs, out var unitNamePtr);
            var unitName = geographic ? "degree" : Marshal.PtrToStringUTF8(unitNamePtr) ?? "";
            var semiMajor = GdalNative.OSRGetSemiMajor(srs, out _);
            var invFlattening = GdalNative.OSRGetInvFlattening(srs, out _);
            GdalNative.CPLErrorReset();
            return new CoordinateReferenceSystem(wkt, epsg, name, geographic, unitName, unitFactor, semiMajor, invFlattening);
        }
        finally
        {
            GdalNative.OSRDestroySpatialReference(srs);
        }
    }

    public override string ToString() => IsEmpty ? "(none)" : Epsg is int e ? $"EPSG:{e}" : Name;
}
