using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>An OSR spatial reference, owned. Axis order is the GIS one (x = easting or longitude).</summary>
public sealed class GdalSpatialReference : IDisposable
{
    private GdalSpatialReference(SpatialReferenceHandle handle) => Handle = handle;

    internal SpatialReferenceHandle Handle { get; }

    /// <summary>The spatial reference of a WKT definition, or null when OSR cannot read it.</summary>
    public static GdalSpatialReference? FromWkt(string wkt)
    {
        GdalLibrary.EnsureInitialized();
        var raw = GdalNative.OSRNewSpatialReference(wkt);
        GdalNative.CPLErrorReset(); // an unreadable definition is answered with null, not an error
        if (raw == 0) return null;
        var reference = new GdalSpatialReference(new SpatialReferenceHandle(raw));
        GdalNative.OSRSetAxisMappingStrategy(reference.Handle, GdalNative.OAMS_TRADITIONAL_GIS_ORDER);
        return reference;
    }

    /// <summary>The EPSG code (given, or identified by OSR), name, kind, unit and ellipsoid.</summary>
    public SpatialReferenceFacts Facts()
    {
        var epsg = AuthorityCode();
        if (epsg is null && GdalNative.OSRAutoIdentifyEPSG(Handle) == 0) epsg = AuthorityCode();
        var name = Marshal.PtrToStringUTF8(GdalNative.OSRGetName(Handle)) ?? "";
        var geographic = GdalNative.OSRIsGeographic(Handle) != 0;
        var unitFactor = GdalNative.OSRGetLinearUnits(Handle, out var unitNamePtr);
        var unitName = geographic ? "degree" : Marshal.PtrToStringUTF8(unitNamePtr) ?? "";
        var semiMajor = GdalNative.OSRGetSemiMajor(Handle, out _);
        var inverseFlattening = GdalNative.OSRGetInvFlattening(Handle, out _);
        // Identification failures and missing ellipsoids are answers here, not errors.
        GdalNative.CPLErrorReset();
        return new SpatialReferenceFacts(epsg, name, geographic, unitName, unitFactor, semiMajor, inverseFlattening);
    }

    private int? AuthorityCode()
    {
        var authority = Marshal.PtrToStringUTF8(GdalNative.OSRGetAuthorityName(Handle, null));
        var code = Marshal.PtrToStringUTF8(GdalNative.OSRGetAuthorityCode(Handle, null));
        return authority == "EPSG" && int.TryParse(code, out var c) ? c : null;
    }

    public void Dispose() => Handle.Dispose();
}
