using System.Diagnostics;
using System.Management.Automation;
using System.Text.Json;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// Sieve, polygons and pictures (issue 13), checked against expectations computed apart from the
/// code under test: connected regions labelled here by a breadth-first search, pixel counts and
/// polygon areas read back with GDAL's Python bindings (numpy, scipy.ndimage, OGR), PNG pixels
/// read back with GDAL.
/// </summary>
public class WaterBodiesTests
{
    /// <summary>Random 3-class speckle under a NoData strip (value 255): the hardest case for a sieve.</summary>
    private static string Speckle(string path, int width = 120, int height = 90, int seed = 7)
    {
        var random = new Random(seed);
        var values = new double[width * height];
        for (var i = 0; i < values.Length; i++) values[i] = i < width * 6 ? 255 : random.Next(3);
        return TestRasters.Write(path, width, height, RasterDataType.Byte, [values], noData: 255);
    }

    /// <summary>Sizes of the connected regions of equal valid values (4- or 8-connected), by BFS.</summary>
    internal static List<(double Value, int Size)> Regions(double[] values, int width, int height, double? noData, bool eight)
    {
        var seen = new bool[values.Length];
        var regions = new List<(double, int)>();
        var queue = new Queue<int>();
        for (var start = 0; start < values.Length; start++)
        {
            if (seen[start] || values[start] == noData) continue;
            var value = values[start];
            var size = 0;
            seen[start] = true;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var p = queue.Dequeue();
                size++;
                var (x, y) = (p % width, p / width);
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0)) continue;
                        var (nx, ny) = (x + dx, y + dy);
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                        var q = ny * width + nx;
                        if (seen[q] || values[q] != value) continue;
                        seen[q] = true;
                        queue.Enqueue(q);
                    }
            }
            regions.Add((value, size));
        }
        return regions;
    }

    [Theory]
    [InlineData(false, 10)]
    [InlineData(true, 10)]
    [InlineData(false, 40)]
    public void SieveLeavesNoRegionUnderTheThresholdAndKeepsNoData(bool eight, int threshold)
    {
        using var scratch = new ScratchFolder();
        var input = TestRasters.ReadBand(Speckle(scratch.File("speckle.tif")));
        Assert.True(Regions(input.Values, 120, 90, 255, eight).Count(r => r.Size < threshold) > 100, "the fixture should be speckled");

        using var session = new PowerShellSession(scratch.FullName);
        var connected = eight ? "-EightConnected" : "";
        session.Run($"Get-RasterBand speckle.tif | Invoke-RasterSieve {threshold} {connected} | Export-GeoTiff sieved.tif").ShouldSucceed();
        var output = TestRasters.ReadBand(scratch.File("sieved.tif"));

        var small = Regions(output.Values, 120, 90, 255, eight).Where(r => r.Size < threshold).ToList();
        Assert.True(small.Count == 0, $"{small.Count} regions under {threshold} pixels remain, e.g. {string.Join(", ", small.Take(5))}");
        for (var i = 0; i < input.Values.Length; i++)
            Assert.True((input.Values[i] == 255) == (output.Values[i] == 255), $"pixel {i}: NoData must stay NoData and nothing else become NoData");
        Assert.Equal(255, output.NoData);
        Assert.All(output.Values, v => Assert.Contains(v, new[] { 0.0, 1, 2, 255 }));
    }

    [Fact]
    public void SievedClassificationOfTheSampleKeepsItsColourTableAndPipesOn()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run($"""
            $map = Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 2
            $sieved = $map | Invoke-RasterSieve -Threshold 10
            $sieved
            $sieved | Measure-RasterClass -ClassName Water, Land
            $sieved | Export-GeoTiff sieved.tif
            """).ShouldSucceed();
        var band = Assert.IsType<RasterBand>(result.Output[0]);
        Assert.Equal((349, 352, RasterDataType.Byte), (band.Width, band.Height, band.DataType));
        Assert.StartsWith(ModuleTemp.Folder, band.Path);
        var rows = result.Output.Skip(1).Cast<RasterClass>().ToList();
        Assert.Equal(["Water", "Land"], rows.Select(r => r.Name));
        Assert.Equal(349L * 352, rows.Sum(r => r.PixelCount));

        var file = TestRasters.ReadBand(scratch.File("sieved.tif"));
        Assert.DoesNotContain(Regions(file.Values, 349, 352, file.NoData, eight: false), r => r.Size < 10);
        Assert.Equal(rows[0].PixelCount, file.Values.LongCount(v => v == 0));
        var info = JsonDocument.Parse(Tool("gdalinfo", "-json", band.Path)).RootElement.GetProperty("bands")[0];
        Assert.Equal("Palette", info.GetProperty("colorInterpretation").GetString());
        Assert.Equal([31, 119, 180, 255], info.GetProperty("colorTable").GetProperty("entries")[0].EnumerateArray().Select(e => e.GetInt32()));
        // Export-GeoTiff keeps the colours and the category names of a sieved map.
        var exported = JsonDocument.Parse(Tool("gdalinfo", "-json", scratch.File("sieved.tif"))).RootElement.GetProperty("bands")[0];
        Assert.Equal("Palette", exported.GetProperty("colorInterpretation").GetString());
        Assert.Equal([255, 127, 14, 255], exported.GetProperty("colorTable").GetProperty("entries")[1].EnumerateArray().Select(e => e.GetInt32()));
        session.Run($"Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff named.tif -ClassName Water, Land; " +
                    "Get-RasterBand named.tif | Invoke-RasterSieve 10 | Export-GeoTiff named-sieved.tif").ShouldSucceed();
        var names = JsonDocument.Parse(Tool("gdalinfo", "-json", scratch.File("named-sieved.tif"))).RootElement.GetProperty("bands")[0];
        Assert.Equal(["Water", "Land"], names.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
    }

    private const string CountScript = """
        import json, sys
        import numpy as np
        from osgeo import gdal, ogr
        from scipy import ndimage
        gdal.UseExceptions()
        raster, vector = sys.argv[1], sys.argv[2]
        ds = gdal.Open(raster)
        band = ds.GetRasterBand(1)
        a = band.ReadAsArray()
        nodata = band.GetNoDataValue()
        gt = ds.GetGeoTransform()
        pixel = abs(gt[1] * gt[5] - gt[2] * gt[4])
        out = {}
        for v in np.unique(a):
            if nodata is not None and v == nodata:
                continue
            _, regions = ndimage.label(a == v)
            out[int(v)] = {"pixels": int((a == v).sum()), "pixelArea": float((a == v).sum() * pixel), "regions": int(regions),
                           "features": 0, "areaField": 0.0, "geometryArea": 0.0, "perimeterField": 0.0, "names": []}
        src = ogr.Open(vector)
        layer = src.GetLayer(0)
        for f in layer:
            c = f.GetField("class")
            o = out.setdefault(c, {"pixels": 0, "pixelArea": 0.0, "regions": 0, "features": 0, "areaField": 0.0, "geometryArea": 0.0, "perimeterField": 0.0, "names": []})
            o["features"] += 1
            o["areaField"] += f.GetField("area")
            o["geometryArea"] += f.GetGeometryRef().GetArea()
            o["perimeterField"] += f.GetField("perimeter")
            if f.GetField("name") not in o["names"]:
                o["names"].append(f.GetField("name"))
            assert abs(f.GetField("area_km2") - f.GetField("area") / 1e6) < 1e-8
        print(json.dumps(out))
        """;

    /// <summary>Per class: pixels and regions of the raster (numpy, scipy), features and areas of the vector file (OGR).</summary>
    private static Dictionary<int, JsonElement> Count(ScratchFolder scratch, string raster, string vector)
    {
        File.WriteAllText(scratch.File("count.py"), CountScript);
        var json = Run("/usr/bin/python3", scratch.File("count.py"), raster, vector);
        return JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value.Clone());
    }

    [Theory]
    [InlineData("water.gpkg", "GPKG")]
    [InlineData("water.geojson", "GeoJSON")]
    [InlineData("water.shp", "ESRI Shapefile")]
    public void PolygonAreasPerClassEqualPixelCountTimesPixelArea(string name, string driver)
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        session.Run($"""
            $sieved = Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 2 | Invoke-RasterSieve -Threshold 10
            $sieved | Export-GeoTiff sieved.tif
            $sieved | Export-ClassPolygon {name} -ClassName Water, Land
            """).ShouldSucceed();
        Assert.Contains($"using driver `{driver}'", Tool("ogrinfo", "-so", "-al", scratch.File(name)));
        var counts = Count(scratch, scratch.File("sieved.tif"), scratch.File(name));
        Assert.Equal([0, 1], counts.Keys.Order());
        foreach (var (k, c) in counts)
        {
            var expected = c.GetProperty("pixelArea").GetDouble();
            Assert.Equal(28.5 * 28.5 * c.GetProperty("pixels").GetInt64(), expected, 1e-6 * expected);
            Assert.Equal(expected, c.GetProperty("areaField").GetDouble(), 1e-6 * expected);
            Assert.Equal(expected, c.GetProperty("geometryArea").GetDouble(), 1e-6 * expected);
            Assert.Equal(c.GetProperty("regions").GetInt32(), c.GetProperty("features").GetInt32());
            Assert.True(c.GetProperty("perimeterField").GetDouble() >= 4 * 28.5 * c.GetProperty("features").GetInt32());
            Assert.Equal(k == 0 ? "Water" : "Land", Assert.Single(c.GetProperty("names").EnumerateArray()).GetString());
        }
        // Nothing is left behind: no hidden temporary file, only the format's own files.
        Assert.DoesNotContain(Directory.GetFiles(scratch.FullName), f => Path.GetFileName(f).StartsWith('.'));
        if (driver == "ESRI Shapefile")
            foreach (var sidecar in new[] { ".shx", ".dbf", ".prj" }) Assert.True(File.Exists(scratch.File("water" + sidecar)), sidecar);
    }

    [Fact]
    public void ClassFilterNoDataAndEightConnectedness()
    {
        using var scratch = new ScratchFolder();
        Speckle(scratch.File("speckle.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("""
            $s = Get-RasterBand speckle.tif | Invoke-RasterSieve 5 -EightConnected
            $s | Export-GeoTiff sieved.tif
            $s | Export-ClassPolygon all8.gpkg -EightConnected
            $s | Export-ClassPolygon two.gpkg -Class 2
            """).ShouldSucceed();
        var all = Count(scratch, scratch.File("sieved.tif"), scratch.File("all8.gpkg"));
        var raster = TestRasters.ReadBand(scratch.File("sieved.tif"));
        var regions8 = Regions(raster.Values, 120, 90, 255, eight: true);
        Assert.False(all.ContainsKey(255), "NoData is not polygonized");
        foreach (var (k, c) in all)
        {
            Assert.Equal(regions8.Count(r => r.Value == k), c.GetProperty("features").GetInt32());
            Assert.Equal(c.GetProperty("pixelArea").GetDouble(), c.GetProperty("areaField").GetDouble(), 1e-6);
            Assert.Equal($"Class {k}", Assert.Single(c.GetProperty("names").EnumerateArray()).GetString());
        }
        var two = Count(scratch, scratch.File("sieved.tif"), scratch.File("two.gpkg"));
        Assert.All(two.Where(p => p.Key != 2), p => Assert.Equal(0, p.Value.GetProperty("features").GetInt32()));
        Assert.Equal(two[2].GetProperty("regions").GetInt32(), two[2].GetProperty("features").GetInt32());
    }

    [Fact]
    public void GeographicPolygonAreasAreOnTheEllipsoidAsMeasureRasterClass()
    {
        using var scratch = new ScratchFolder();
        const string Wgs84 = """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]""";
        var values = new double[40 * 30];
        for (var i = 0; i < values.Length; i++) values[i] = (i % 40) < 12 || (i / 40) is > 10 and < 16 ? 1 : 0;
        TestRasters.Write(scratch.File("geo.tif"), 40, 30, RasterDataType.Byte, [values],
            transform: new GeoTransform(2.0, 0.01, 0, 60.0, 0, -0.01), wkt: Wgs84);
        using var session = new PowerShellSession(scratch.FullName);
        var rows = session.Run("""
            Get-RasterBand geo.tif | Export-ClassPolygon geo.gpkg
            Get-RasterBand geo.tif | Measure-RasterClass
            """).ShouldSucceed().Output.Cast<RasterClass>().ToList();
        var counts = Count(scratch, scratch.File("geo.tif"), scratch.File("geo.gpkg"));
        foreach (var row in rows)
        {
            var area = counts[row.Class!.Value].GetProperty("areaField").GetDouble();
            Assert.Equal(row.Area!.Value, area, 1e-9 * area);
        }
        // A cell of 0.01° at 60°N is about 557 m x 1113 m: a sanity check of the magnitude.
        Assert.InRange(rows[0].Area!.Value / rows[0].PixelCount, 0.55e6, 0.65e6);
    }

    [Fact]
    public void PreviewOfAClassMapIsInItsColourTableAtTheSizeAsked()
    {
        using var scratch = new ScratchFolder();
        var values = new double[60 * 40];
        for (var i = 0; i < values.Length; i++) values[i] = (i % 60) < 30 ? 0 : (i / 60) < 20 ? 1 : 255;
        TestRasters.Write(scratch.File("halves.tif"), 60, 40, RasterDataType.Byte, [values], noData: 255);
        using var session = new PowerShellSession(scratch.FullName);
        session.Run($"""
            Get-RasterBand halves.tif | Invoke-KMeansCluster -K 2 | Export-RasterPreview halves.png -Size 120
            Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 3 | Export-RasterPreview sample.png -Size 100
            """).ShouldSucceed();
        File.WriteAllText(scratch.File("png.py"), """
            import json, sys
            from osgeo import gdal
            gdal.UseExceptions()
            ds = gdal.Open(sys.argv[1])
            b = ds.GetRasterBand(1)
            ct = b.GetColorTable()
            a = b.ReadAsArray()
            print(json.dumps({"driver": ds.GetDriver().ShortName, "size": [ds.RasterXSize, ds.RasterYSize], "bands": ds.RasterCount,
                "colours": [list(ct.GetColorEntry(i)) for i in range(3)] if ct else None,
                "corners": [int(a[5, 5]), int(a[5, -5]), int(a[-5, -5])], "values": sorted(set(int(v) for v in a.ravel()))}))
            """);
        var halves = JsonDocument.Parse(Run("/usr/bin/python3", scratch.File("png.py"), scratch.File("halves.png"))).RootElement;
        Assert.Equal("PNG", halves.GetProperty("driver").GetString());
        Assert.Equal([120, 80], halves.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        // Class 0 (darker) on the left, class 1 top right, NoData bottom right, in the map's palette.
        Assert.Equal([0, 1, 255], halves.GetProperty("corners").EnumerateArray().Select(e => e.GetInt32()));
        var colours = halves.GetProperty("colours").EnumerateArray().Select(c => c.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        Assert.Equal([31, 119, 180, 255], colours[0]);
        Assert.Equal([255, 127, 14, 255], colours[1]);
        var sample = JsonDocument.Parse(Run("/usr/bin/python3", scratch.File("png.py"), scratch.File("sample.png"))).RootElement;
        Assert.Equal([99, 100], sample.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 1, 2], sample.GetProperty("values").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void PreviewOfABandIsAPercentileStretch()
    {
        using var scratch = new ScratchFolder();
        var values = Enumerable.Range(0, 100 * 50).Select(i => (double)(i % 100) * 10).ToArray(); // columns 0..990
        values[0] = 100000; // one outlier does not darken the picture
        TestRasters.Write(scratch.File("ramp.tif"), 100, 50, RasterDataType.UInt16, [values]);
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand ramp.tif | Export-RasterPreview ramp.png").ShouldSucceed();
        var png = TestRasters.ReadBand(scratch.File("ramp.png"));
        Assert.Equal((100, 50, RasterDataType.Byte), (png.Width, png.Height, png.Type));
        // 2nd and 98th percentiles of the columns' values are 20 and 970: columns 0-2 black, 97-99 white.
        Assert.Equal(0, png.Values[100 + 1]);
        Assert.Equal(255, png.Values[100 + 98]);
        var middle = png.Values[100 + 50];
        Assert.InRange(middle, 255.0 * (500 - 20) / 950 - 1, 255.0 * (500 - 20) / 950 + 1);
    }

    [Fact]
    public void ElbowChartIsAPngWithBothCurves()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var file = session.Run($"Get-RasterBand '{Paths.Sample}' 4 | Measure-KMeansCluster -K 2..6 | Export-KMeansChart elbow.png -PassThru")
            .ShouldSucceed().Single<FileInfo>();
        var rgb = Enumerable.Range(1, 3).Select(b => TestRasters.ReadBand(file.FullName, b)).ToArray();
        Assert.Equal((800, 500, "PNG"), (rgb[0].Width, rgb[0].Height, rgb[0].Driver));
        bool Has(int r, int g, int b) => Enumerable.Range(0, rgb[0].Values.Length)
            .Any(i => Math.Abs(rgb[0].Values[i] - r) < 8 && Math.Abs(rgb[1].Values[i] - g) < 8 && Math.Abs(rgb[2].Values[i] - b) < 8);
        Assert.True(Has(31, 119, 180), "the inertia curve (blue) is drawn");
        Assert.True(Has(230, 110, 0), "the silhouette curve (orange) is drawn");
    }

    [Fact]
    public void BadInputGetsErrorRecordsAndLeavesNoFile()
    {
        using var scratch = new ScratchFolder();
        TestRasters.Write(scratch.File("float.tif"), 10, 10, RasterDataType.Float32, [Enumerable.Range(0, 100).Select(i => i * 0.5).ToArray()]);
        Speckle(scratch.File("speckle.tif"));
        File.WriteAllText(scratch.File("taken.gpkg"), "mine");
        using var session = new PowerShellSession(scratch.FullName);

        string Id(string script) => Assert.Single(session.Run(script).Errors).FullyQualifiedErrorId;
        Assert.StartsWith("ParameterArgumentValidationError", Id("Get-RasterBand speckle.tif | Invoke-RasterSieve -Threshold 0"));
        Assert.StartsWith("NotAClassMap,", Id("Get-RasterBand float.tif | Invoke-RasterSieve -Threshold 4"));
        Assert.StartsWith("NotAClassMap,", Id("Get-RasterBand float.tif | Export-ClassPolygon f.gpkg"));
        Assert.StartsWith("UnsupportedInput,", Id("'text' | Invoke-RasterSieve -Threshold 4"));
        Assert.StartsWith("OutputExists,", Id("Get-RasterBand speckle.tif | Export-ClassPolygon taken.gpkg"));
        Assert.Equal("mine", File.ReadAllText(scratch.File("taken.gpkg")));
        Assert.StartsWith("UnsupportedFormat,", Id("Get-RasterBand speckle.tif | Export-ClassPolygon water.kml"));
        Assert.StartsWith("UnsupportedFormat,", Id("Get-RasterBand speckle.tif | Export-RasterPreview water.jpg"));
        Assert.StartsWith("OutputFolderNotFound,", Id("Get-RasterBand speckle.tif | Export-ClassPolygon nowhere/water.gpkg"));
        Assert.StartsWith("NoScores,", Id("@() | Export-KMeansChart empty.png"));
        Assert.Empty(session.Run("Get-RasterBand speckle.tif | Export-ClassPolygon whatif.gpkg -WhatIf").ShouldSucceed().Output);
        var category = Assert.Single(session.Run("Get-RasterBand float.tif | Invoke-RasterSieve -Threshold 4").Errors).CategoryInfo.Category;
        Assert.Equal(ErrorCategory.InvalidArgument, category);

        Assert.Equal(["float.tif", "speckle.tif", "taken.gpkg"], Directory.GetFiles(scratch.FullName).Select(Path.GetFileName).Order());
        // -Force replaces it, with a GeoPackage.
        session.Run("Get-RasterBand speckle.tif | Export-ClassPolygon taken.gpkg -Force").ShouldSucceed();
        Assert.Contains("using driver `GPKG'", Tool("ogrinfo", "-so", "-al", scratch.File("taken.gpkg")));
    }

    /// <summary>
    /// Runspaces of one process share the temporary folder: Remove-Module in one leaves the files
    /// of another in place (the folder goes with the last import; the Pester suite checks that in pwsh).
    /// </summary>
    [Fact]
    public void RemovingTheModuleFromOneRunspaceKeepsTheFilesOfAnother()
    {
        using var scratch = new ScratchFolder();
        Speckle(scratch.File("speckle.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        var band = session.Run("Get-RasterBand speckle.tif | Invoke-RasterSieve 3").ShouldSucceed().Single<RasterBand>();
        Assert.True(File.Exists(band.Path));
        using (var other = new PowerShellSession(scratch.FullName))
            other.Run("Remove-Module RasterCmdlets").ShouldSucceed();
        Assert.True(File.Exists(band.Path));
        session.Run("$b = Get-RasterBand speckle.tif | Invoke-RasterSieve 3; $b | Measure-RasterClass").ShouldSucceed();
    }

    [Fact]
    public void PesterSuiteOfTheWaterBodiesParses()
    {
        var path = Path.Combine(Paths.RepoRoot, "tests", "WaterBodies.Tests.ps1");
        var ast = System.Management.Automation.Language.Parser.ParseFile(path, out _, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        var commands = ast.FindAll(a => a is System.Management.Automation.Language.CommandAst, true)
            .Cast<System.Management.Automation.Language.CommandAst>().Select(c => c.GetCommandName()).ToList();
        Assert.Contains("BeforeAll", commands);
        Assert.True(commands.Count(c => c == "It") >= 10);
    }

    private static string Tool(string tool, params string[] args) => Run(tool, args);

    private static string Run(string program, params string[] args) => ChildProcess.Succeed(program, args);
}
