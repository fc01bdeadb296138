using RasterCmdlets.Core.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Tests;

/// <summary>
/// Writes small hand-made GeoTIFFs with GDAL (the fixtures) and reads rasters back with GDAL, so
/// tests check files, not objects in memory.
/// </summary>
public static class TestRasters
{
    public static readonly GeoTransform NorthUp = new(500000, 10, 0, 4100000, 0, -10);
    public const string Utm30N = """PROJCS["WGS 84 / UTM zone 30N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-3],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32630"]]""";

    /// <summary>Writes bands of doubles as a GeoTIFF of the given type (values converted by GDAL).</summary>
    public static string Write(string path, int width, int height, RasterDataType type, IReadOnlyList<double[]> bands,
        double? noData = null, GeoTransform? transform = null, string? wkt = Utm30N, int blockSize = 0)
    {
        var options = blockSize > 0 ? new[] { "TILED=YES", $"BLOCKXSIZE={blockSize}", $"BLOCKYSIZE={blockSize}" } : [];
        using var dataset = GdalDataset.Create("GTiff", path, width, height, bands.Count, type, options);
        dataset.GeoTransform = transform ?? NorthUp;
        if (wkt is not null) dataset.ProjectionWkt = wkt;
        for (var b = 0; b < bands.Count; b++)
        {
            var band = dataset.GetBand(b + 1);
            if (noData is double nd) band.NoDataValue = nd;
            band.Write<double>(new RasterWindow(0, 0, width, height), bands[b], RasterDataType.Float64);
        }
        dataset.Close();
        return path;
    }

    public sealed record Read(int Width, int Height, RasterDataType Type, double? NoData, GeoTransform? Transform, string Wkt, double[] Values, string Driver);

    public static Read ReadBand(string path, int band = 1)
    {
        using var dataset = GdalDataset.Open(path);
        var b = dataset.GetBand(band);
        var values = new double[dataset.Width * dataset.Height];
        b.Read<double>(new RasterWindow(0, 0, dataset.Width, dataset.Height), values, RasterDataType.Float64);
        return new Read(dataset.Width, dataset.Height, b.DataType, b.NoDataValue, dataset.GeoTransform, dataset.ProjectionWkt, values, dataset.DriverName);
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
