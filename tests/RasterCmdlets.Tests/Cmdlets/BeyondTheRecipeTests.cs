using System.Diagnostics;
using System.Text.Json;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>Saved models, class areas, choosing K, batches and GIS-ready outputs.</summary>
public class BeyondTheRecipeTests
{
    private static string Gdal(string tool, params string[] args) => ChildProcess.Succeed(tool, args);

    private static Dictionary<string, object?> Vars(params (string, object?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void ModelRoundTripsExactly()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var fitted = session.Run("Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 9 | Export-KMeansModel model.json -PassThru | Out-Null; Import-KMeansModel model.json",
            Vars(("sample", Paths.Sample))).ShouldSucceed().Single<KMeansModel>();
        Assert.Equal((4, 6, 9, "Lloyd"), (fitted.K, fitted.BandCount, fitted.Seed, fitted.Method));
        Assert.All(fitted.DataTypes, t => Assert.Equal(RasterDataType.Byte, t));
        Assert.Equal(4, JsonDocument.Parse(File.ReadAllText(scratch.File("model.json"))).RootElement.GetProperty("k").GetInt32());
    }

    [Theory]
    [InlineData("4", 2)]
    [InlineData("1,2,3,4,5,6", 4)]
    public void WindowGetsTheLabelsOfTheWhole(string bands, int k)
    {
        using var scratch = new ScratchFolder();
        Gdal("gdal_translate", "-q", "-srcwin", "100", "50", "120", "90", Paths.Sample, scratch.File("window.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        var join = bands.Contains(',') ? "| Join-RasterBand " : "";
        session.Run($"$whole = Get-RasterBand $sample {bands} {join}| Invoke-KMeansCluster -K {k} -Seed 2; $whole | Export-GeoTiff whole.tif; " +
                    $"Get-RasterBand window.tif {bands} {join}| Invoke-KMeansCluster -Model $whole.Model | Export-GeoTiff part.tif",
            Vars(("sample", Paths.Sample))).ShouldSucceed();
        var whole = TestRasters.ReadBand(scratch.File("whole.tif"));
        var part = TestRasters.ReadBand(scratch.File("part.tif"));
        Assert.Equal((120, 90), (part.Width, part.Height));
        for (var y = 0; y < 90; y++)
            for (var x = 0; x < 120; x++)
                Assert.Equal(whole.Values[(y + 50) * whole.Width + x + 100], part.Values[y * 120 + x]);
    }

    [Fact]
    public void ModelOnAnotherBandCountIsAnError()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var error = Assert.Single(session.Run("$m = (Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2).Model; Get-RasterBand $sample 1,2 | Join-RasterBand | Invoke-KMeansCluster -Model $m",
            Vars(("sample", Paths.Sample))).Errors);
        Assert.Equal("BandCountMismatch,RasterCmdlets.Commands.InvokeKMeansClusterCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void ClassAreasComeFromTheGeotransform()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var rows = session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff map.tif -PassThru | Out-Null; Get-RasterBand map.tif | Measure-RasterClass -ClassName Water, Land",
            Vars(("sample", Paths.Sample))).ShouldSucceed().Output.Cast<RasterClass>().ToArray();
        var map = TestRasters.ReadBand(scratch.File("map.tif"));
        var pixelArea = Math.Abs(map.Transform!.Value.PixelWidth * map.Transform.Value.PixelHeight);
        Assert.Equal(["Water", "Land"], rows.Select(r => r.Name));
        for (var c = 0; c < 2; c++)
        {
            var count = map.Values.Count(v => v == c);
            Assert.Equal(count, rows[c].PixelCount);
            Assert.Equal(count * pixelArea, rows[c].Area!.Value, 1e-6);
            Assert.Equal(count * pixelArea / 1e6, rows[c].SquareKilometres!.Value, 1e-9);
            Assert.Equal(100.0 * count / map.Values.Length, rows[c].Percent!.Value, 1e-9);
        }
    }

    [Fact]
    public void GeographicAreasAreOnTheEllipsoid()
    {
        using var scratch = new ScratchFolder();
        // 2 x 2 cells of one degree at the equator (0..2°E, 0..-2°S) in WGS 84; one NoData cell.
        const string wgs84 = """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]""";
        TestRasters.Write(scratch.File("geo.tif"), 2, 2, RasterDataType.Byte, [[0, 1, 1, 255]], noData: 255,
            transform: new GeoTransform(0, 1, 0, 0, 0, -1), wkt: wgs84);
        using var session = new PowerShellSession(scratch.FullName);
        var rows = session.Run("Get-RasterBand geo.tif | Measure-RasterClass").ShouldSucceed().Output.Cast<RasterClass>().ToArray();
        // A 1° x 1° cell from the equator on WGS 84 covers 12,308.8 km² (the 1°-to-2° cell 12,304.7 km²).
        Assert.Equal(12308.8, rows[0].SquareKilometres!.Value, 0.5);
        Assert.Equal(12308.8 + 12304.7, rows[1].SquareKilometres!.Value, 1.0);
        Assert.True(rows[2].IsNoData);
        Assert.Equal(1, rows[2].PixelCount);
    }

    [Fact]
    public void ChoosingKScoresEachKExactlyForOneBand()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var scores = session.Run("Get-RasterBand $sample 4 | Measure-KMeansCluster -K 2..4", Vars(("sample", Paths.Sample)))
            .ShouldSucceed().Output.Cast<KMeansScore>().ToArray();
        Assert.Equal([2, 3, 4], scores.Select(s => s.K));
        var values = TestRasters.ReadBand(Paths.Sample, 4).Values;
        Assert.Equal(Core.ClusteringCoreTests.BestThreeClassInertia(values), scores[1].Inertia, scores[1].Inertia * 1e-9);
        Assert.True(scores[0].Inertia > scores[1].Inertia && scores[1].Inertia > scores[2].Inertia);
        Assert.All(scores, s => Assert.InRange(s.Silhouette, -1, 1));
        Assert.True(scores[0].Silhouette > 0.5, "water and land separate well");
    }

    [Fact]
    public void BatchesWriteOneOutputPerInput()
    {
        using var scratch = new ScratchFolder();
        Directory.CreateDirectory(scratch.File("in"));
        Directory.CreateDirectory(scratch.File("out"));
        foreach (var name in new[] { "a.tif", "b.tif", "c.tif" }) File.Copy(Paths.Sample, scratch.File($"in/{name}"));
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("[IO.Directory]::GetFiles(\"$PWD/in\", '*.tif') | ForEach-Object { [IO.FileInfo]::new($_) } | Get-RasterBand -Band 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff -Destination out").ShouldSucceed();
        Assert.Equal(["a_classes.tif", "b_classes.tif", "c_classes.tif"], Directory.GetFiles(scratch.File("out")).Select(Path.GetFileName).Order());
        session.Run("Get-RasterBand in/*.tif 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff -Path { $_.SourcePath -replace '\\.tif$', '_water.tif' }").ShouldSucceed();
        Assert.Equal(3, Directory.GetFiles(scratch.File("in"), "*_water.tif").Length);
        Assert.Equal(TestRasters.ReadBand(scratch.File("out/a_classes.tif")).Values, TestRasters.ReadBand(scratch.File("in/a_water.tif")).Values);
    }

    [Fact]
    public void ClassMapsOpenWellInGis()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff map.tif -ClassName Water, Land", Vars(("sample", Paths.Sample))).ShouldSucceed();
        var info = JsonDocument.Parse(Gdal("gdalinfo", "-json", scratch.File("map.tif"))).RootElement.GetProperty("bands")[0];
        Assert.Equal("Palette", info.GetProperty("colorInterpretation").GetString());
        Assert.Equal(["Water", "Land"], info.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void CloudOptimizedGeoTiffHasOverviews()
    {
        using var scratch = new ScratchFolder();
        var values = Enumerable.Range(0, 1500 * 1500).Select(i => (double)((i % 1500) / 100 % 2 * 100 + i % 7)).ToArray();
        TestRasters.Write(scratch.File("big.tif"), 1500, 1500, RasterDataType.UInt16, [values]);
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand big.tif | Invoke-KMeansCluster -K 2 | Export-GeoTiff cog.tif -CloudOptimized").ShouldSucceed();
        var info = JsonDocument.Parse(Gdal("gdalinfo", "-json", scratch.File("cog.tif"))).RootElement;
        Assert.Equal("COG", info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("LAYOUT").GetString());
        Assert.True(info.GetProperty("bands")[0].GetProperty("overviews").GetArrayLength() >= 1);
        var labels = TestRasters.ReadBand(scratch.File("cog.tif")).Values;
        Assert.Equal(values.Select(v => v >= 100 ? 1.0 : 0.0), labels);
        Assert.Equal(["big.tif", "cog.tif"], Directory.GetFiles(scratch.FullName).Select(Path.GetFileName).Order());
    }
}
