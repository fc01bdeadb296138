using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Vectors;

/// <summary>An OGR vector format chosen by a file's extension, with the files it writes beside the main one.</summary>
public sealed record VectorFormat(string Driver, string Extension, IReadOnlyList<string> Sidecars)
{
    public static readonly VectorFormat GeoPackage = new("GPKG", ".gpkg", []);
    public static readonly VectorFormat GeoJson = new("GeoJSON", ".geojson", []);
    public static readonly VectorFormat Shapefile = new("ESRI Shapefile", ".shp", [".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"]);

    /// <summary>The format for a path's extension: .gpkg, .geojson or .json, .shp.</summary>
    public static VectorFormat For(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".gpkg" => GeoPackage,
        ".geojson" or ".json" => GeoJson with { Extension = Path.GetExtension(path) },
        ".shp" => Shapefile,
        var other => throw new RasterException("UnsupportedFormat", RasterErrorKind.NotSupported,
            $"'{Path.GetFileName(path)}': the extension '{other}' names no vector format written here; use .gpkg (GeoPackage), .geojson or .json (GeoJSON) or .shp (ESRI Shapefile).") { Target = path },
    };

    /// <summary>The path of a file beside <paramref name="main"/> with another extension (a shapefile's .dbf).</summary>
    public static string Sidecar(string main, string extension) => Path.ChangeExtension(main, extension);
}
