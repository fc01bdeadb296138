using System.Text.Json;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Tests;

/// <summary>
/// Writes small hand-made GeoTIFFs (the fixtures) and reads rasters back, both with GDAL's own
/// Python bindings (tests/tools/raster_io.py), never with the module's Gdal layer: tests check files
/// that an outside tool wrote and read.
/// </summary>
public static class TestRasters
{
    public static readonly GeoTransform NorthUp = new(500000, 10, 0, 4100000, 0, -10);
    public const string Utm30N = """PROJCS["WGS 84 / UTM zone 30N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-3],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32630"]]""";

    private static string Script => Path.Combine(Paths.RepoRoot, "tests", "tools", "raster_io.py");

    /// <summary>Writes bands of doubles as a GeoTIFF of the given type (values converted by GDAL).</summary>
    public static string Write(string path, int width, int height, RasterDataType type, IReadOnlyList<double[]> bands,
        double? noData = null, GeoTransform? transform = null, string? wkt = Utm30N, int blockSize = 0, IEnumerable<string>? options = null)
    {
        var creation = new List<string>(options ?? []);
        if (blockSize > 0) creation.AddRange(["TILED=YES", $"BLOCKXSIZE={blockSize}", $"BLOCKYSIZE={blockSize}"]);
        var values = path + ".values.f64";
        var spec = path + ".spec.json";
        try
        {
            using (var file = File.Create(values))
                foreach (var band in bands) file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(band.AsSpan()));
            var t = transform ?? NorthUp;
            File.WriteAllText(spec, JsonSerializer.Serialize(new
            {
                // NoData as text: JSON has no NaN.
                path, width, height, type = type.ToString(), bands = bands.Count, values,
                nodata = noData?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), geotransform = t.ToGdal(),
                wkt, options = creation,
            }));
            ChildProcess.Succeed(ChildProcess.Python, Script, "write", spec);
        }
        finally
        {
            File.Delete(values);
            File.Delete(spec);
        }
        return path;
    }

    public sealed record Read(int Width, int Height, RasterDataType Type, double? NoData, GeoTransform? Transform, string Wkt, double[] Values, string Driver);

    public static Read ReadBand(string path, int band = 1)
    {
        var values = Path.Combine(Path.GetTempPath(), $"rastercmdlets-read-{Guid.NewGuid():N}.f64");
        try
        {
            var profile = JsonDocument.Parse(ChildProcess.Succeed(ChildProcess.Python, Script, "read", path, band.ToString(), values)).RootElement;
            var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(values)).ToArray();
            var gt = profile.GetProperty("geotransform");
            GeoTransform? transform = gt.ValueKind == JsonValueKind.Null ? null
                : GeoTransform.FromGdal(gt.EnumerateArray().Select(v => v.GetDouble()).ToArray());
            var noData = profile.GetProperty("nodata");
            return new Read(profile.GetProperty("width").GetInt32(), profile.GetProperty("height").GetInt32(),
                Enum.Parse<RasterDataType>(profile.GetProperty("type").GetString()!),
                noData.ValueKind == JsonValueKind.Null ? null : double.Parse(noData.GetString()!, System.Globalization.CultureInfo.InvariantCulture), transform,
                profile.GetProperty("wkt").GetString() ?? "", pixels, profile.GetProperty("driver").GetString() ?? "");
        }
        finally
        {
            File.Delete(values);
        }
    }

    /// <summary>Sum over labelled pixels of the squared distance to their class mean: the quality measure.</summary>
    public static double Inertia(IReadOnlyList<double[]> features, double[] labels, Func<int, bool> include)
    {
        var groups = new Dictionary<double, List<int>>();
        for (var i = 0; i < labels.Length; i++)
            if (include(i)) (groups.TryGetValue(labels[i], out var l) ? l : groups[labels[i]] = []).Add(i);
        var inertia = 0.0;
        foreach (var members in groups.Values)
            foreach (var f in features)
            {
                var mean = members.Average(i => f[i]);
                inertia += members.Sum(i => (f[i] - mean) * (f[i] - mean));
            }
        return inertia;
    }
}
