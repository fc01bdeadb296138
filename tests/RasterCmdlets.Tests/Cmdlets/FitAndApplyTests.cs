using System.Diagnostics;
using System.Text.Json;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// Fitting and applying apart: an applied model's figures are measured on its own input; class
/// rows have one answer; masks of every kind; stale temporary files. Expectations are computed
/// here, from pixels read with GDAL, not by the code under test.
/// </summary>
public class FitAndApplyTests
{
    private static Dictionary<string, object?> Vars(params (string, object?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    private static double[] SampleBand(int band) => TestRasters.ReadBand(Paths.Sample, band).Values;

    /// <summary>Sum of squared distances of each pixel to the centre of the class it was written with.</summary>
    private static double DistancesToCentres(IReadOnlyList<double[]> features, double[] labels, IReadOnlyList<IReadOnlyList<double>> centres, double missing)
    {
        var total = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == missing) continue;
            var centre = centres[(int)labels[i]];
            for (var b = 0; b < features.Count; b++) total += (features[b][i] - centre[b]) * (features[b][i] - centre[b]);
        }
        return total;
    }

    [Fact]
    public void AnAppliedModelReportsTheInertiaOfTheBandItClassified()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("""
            $model = (Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 3 -Seed 1).Model
            Get-RasterBand $sample 3 | Invoke-KMeansCluster -Model $model -Verbose | Export-GeoTiff b3.tif -PassThru:$false
            Get-RasterBand $sample 3 | Invoke-KMeansCluster -Model $model
            """, Vars(("sample", Paths.Sample))).ShouldSucceed();
        var applied = result.Single<ClassifiedRaster>();
        var labels = TestRasters.ReadBand(scratch.File("b3.tif")).Values;
        var expected = DistancesToCentres([SampleBand(3)], labels, applied.Model.Centres, 255);
        Assert.Equal(expected, applied.Inertia, expected * 1e-9);
        Assert.NotEqual(applied.Model.Inertia, applied.Inertia, 0);
        for (var k = 0; k < 3; k++) Assert.Equal(labels.Count(l => l == k), applied.ClassPixelCounts[k]);
        Assert.Contains(result.Verbose, line => line.Contains($"inertia {applied.Inertia:G8} on this input"));
        Assert.Contains($"inertia {applied.Inertia:G6}", applied.ToString());
    }

    [Fact]
    public void AnAppliedStackModelReportsTheInertiaOfTheStackItClassified()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var applied = session.Run("""
            $model = (Get-RasterBand $sample 1,2,3 | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 2).Model
            $map = Get-RasterBand $sample 4,5,6 | Join-RasterBand | Invoke-KMeansCluster -Model $model
            $map | Export-GeoTiff stack.tif
            $map
            """, Vars(("sample", Paths.Sample))).ShouldSucceed().Single<ClassifiedRaster>();
        var labels = TestRasters.ReadBand(scratch.File("stack.tif")).Values;
        var expected = DistancesToCentres([SampleBand(4), SampleBand(5), SampleBand(6)], labels, applied.Model.Centres, 255);
        // The kernel sums distances in single precision, flushed to doubles every chunk.
        Assert.Equal(expected, applied.Inertia, expected * 1e-5);
        for (var k = 0; k < 4; k++) Assert.Equal(labels.Count(l => l == k), applied.ClassPixelCounts[k]);
    }

    [Theory]
    [InlineData("Get-RasterBand $sample 4", 2)]
    [InlineData("Get-RasterBand $sample 2,4,5 | Join-RasterBand", 3)]
    public void FittingThenApplyingGivesTheFitsFigures(string source, int k)
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var output = session.Run($"$fit = {source} | Invoke-KMeansCluster -K {k} -Seed 3; $fit; {source} | Invoke-KMeansCluster -Model $fit.Model",
            Vars(("sample", Paths.Sample))).ShouldSucceed().Output.Cast<ClassifiedRaster>().ToArray();
        var (fit, applied) = (output[0], output[1]);
        Assert.Equal(fit.ClassPixelCounts, applied.ClassPixelCounts);
        Assert.Equal(fit.NoDataPixelCount, applied.NoDataPixelCount);
        Assert.Equal(fit.Inertia, applied.Inertia, fit.Inertia * 1e-9);
        Assert.Equal(fit.Model.Inertia, fit.Inertia);
    }

    [Fact]
    public void TheModelRoundTripEqualsTheExportedFile()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var imported = session.Run("Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 9 | Export-KMeansModel model.json; Import-KMeansModel model.json",
            Vars(("sample", Paths.Sample))).ShouldSucceed().Single<KMeansModel>();
        var json = JsonDocument.Parse(File.ReadAllText(scratch.File("model.json"))).RootElement;
        var centres = json.GetProperty("centres").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(centres.SelectMany(c => c).Select(BitConverter.DoubleToInt64Bits), imported.Centres.SelectMany(c => c).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(json.GetProperty("inertia").GetDouble(), imported.Inertia);
        Assert.Equal((json.GetProperty("k").GetInt32(), json.GetProperty("seed").GetInt32(), json.GetProperty("method").GetString()),
            (imported.K, imported.Seed, imported.Method));
        Assert.Equal(json.GetProperty("dataTypes").EnumerateArray().Select(t => t.GetString()), imported.DataTypes.Select(t => t.ToString()));
    }

    [Fact]
    public void MeasureKMeansClusterOnAStackMatchesScikitLearnAndRecordsItsSeed()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var scores = session.Run("Get-RasterBand $sample 1,2,3,4,5,6 | Join-RasterBand | Measure-KMeansCluster -K 2..4 -Seed 5",
            Vars(("sample", Paths.Sample))).ShouldSucceed().Output.Cast<KMeansScore>().ToArray();
        Assert.Equal([2, 3, 4], scores.Select(s => s.K));
        Assert.All(scores, s => Assert.Equal(("Lloyd", 5), (s.Method, s.Seed)));
        Assert.True(scores[0].Inertia > scores[1].Inertia && scores[1].Inertia > scores[2].Inertia, "inertia falls as K grows");
        foreach (var score in scores.Where(s => s.K == 4))
        {
            var (_, theirs) = SampleSceneTests.ScikitLearn([1, 2, 3, 4, 5, 6], score.K);
            Assert.True(Math.Abs(score.Inertia - theirs) <= theirs * 0.005, $"K={score.K}: ours {score.Inertia} vs scikit-learn {theirs}");
        }
        var random = session.Run("Get-RasterBand $sample 1,2 | Join-RasterBand | Measure-KMeansCluster -K 2",
            Vars(("sample", Paths.Sample))).ShouldSucceed().Single<KMeansScore>();
        var again = session.Run($"Get-RasterBand $sample 1,2 | Join-RasterBand | Measure-KMeansCluster -K 2 -Seed {random.Seed}",
            Vars(("sample", Paths.Sample))).ShouldSucceed().Single<KMeansScore>();
        Assert.Equal(random.Inertia, again.Inertia);
    }

    public static TheoryData<string> MaskKinds => ["alpha", "internal", "sidecar"];

    /// <summary>Band 4 of the sample with a mask over its left third, made by GDAL in three ways.</summary>
    private static string Masked(ScratchFolder scratch, string kind)
    {
        var values = SampleBand(4);
        var (width, height) = (349, 352);
        var mask = Enumerable.Range(0, values.Length).Select(i => i % width < width / 3 ? 0.0 : 255.0).ToArray();
        var withAlpha = TestRasters.Write(scratch.File("alpha.tif"), width, height, RasterDataType.Byte, [values, mask]);
        if (kind == "alpha")
        {
            Gdal("gdal_translate", "-q", "-b", "1", "-b", "2", "-colorinterp_2", "alpha", withAlpha, scratch.File("masked.tif"));
            return scratch.File("masked.tif");
        }
        Gdal("gdal_translate", "-q", "-b", "1", "-mask", "2", "--config", "GDAL_TIFF_INTERNAL_MASK", kind == "internal" ? "YES" : "NO",
            withAlpha, scratch.File("masked.tif"));
        Assert.Equal(kind == "sidecar", File.Exists(scratch.File("masked.tif.msk")));
        return scratch.File("masked.tif");
    }

    private static void Gdal(string tool, params string[] args) => ChildProcess.Succeed(tool, args);

    [Theory]
    [MemberData(nameof(MaskKinds))]
    public void MaskedPixelsTakeNoPartAndStayNoData(string kind)
    {
        using var scratch = new ScratchFolder();
        var path = Masked(scratch, kind);
        using var session = new PowerShellSession(scratch.FullName);
        var map = session.Run("$m = Get-RasterBand masked.tif 1 | Invoke-KMeansCluster -K 2; $m | Export-GeoTiff out.tif; $m").ShouldSucceed().Single<ClassifiedRaster>();
        Assert.Equal(MaskKind.MaskBand, ((RasterBand)map.Source).Mask);

        var values = SampleBand(4);
        var valid = Enumerable.Range(0, values.Length).Where(i => i % 349 >= 349 / 3).ToArray();
        // The best threshold over the unmasked pixels, by exhaustive search.
        static double Squares(double[] group)
        {
            var mean = group.Average();
            return group.Sum(v => (v - mean) * (v - mean));
        }
        var best = double.PositiveInfinity;
        for (var t = 0; t < 255; t++)
        {
            var low = valid.Where(i => values[i] <= t).Select(i => values[i]).ToArray();
            var high = valid.Where(i => values[i] > t).Select(i => values[i]).ToArray();
            if (low.Length == 0 || high.Length == 0) continue;
            best = Math.Min(best, Squares(low) + Squares(high));
        }
        Assert.Equal(best, map.Inertia, best * 1e-9);
        Assert.Equal(values.Length - valid.Length, map.NoDataPixelCount);
        var written = TestRasters.ReadBand(scratch.File("out.tif"));
        Assert.Equal(255, written.NoData);
        Assert.All(Enumerable.Range(0, values.Length).Where(i => i % 349 < 349 / 3), i => Assert.Equal(255, written.Values[i]));
        Assert.Equal(valid.Length, written.Values.Count(v => v != 255));
    }

    /// <summary>Area of a cell between two latitudes on the WGS 84 ellipsoid, by numerical integration of M(φ)N(φ)cos φ.</summary>
    private static double CellAreaByIntegration(double latitude1, double latitude2, double longitudeWidth)
    {
        const double a = 6378137, f = 1 / 298.257223563;
        var e2 = f * (2 - f);
        var (low, high) = (Math.Min(latitude1, latitude2) * Math.PI / 180, Math.Max(latitude1, latitude2) * Math.PI / 180);
        const int steps = 2000; // Simpson's rule
        double F(double phi)
        {
            var w = 1 - e2 * Math.Sin(phi) * Math.Sin(phi);
            return a * (1 - e2) / Math.Pow(w, 1.5) * (a / Math.Sqrt(w)) * Math.Cos(phi);
        }
        var h = (high - low) / steps;
        var sum = F(low) + F(high);
        for (var i = 1; i < steps; i++) sum += F(low + i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3 * longitudeWidth * Math.PI / 180;
    }

    [Fact]
    public void GeographicAreasOfAClassMapFileAndOfAClassifiedRasterAgree()
    {
        using var scratch = new ScratchFolder();
        const string Wgs84 = """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]""";
        var transform = new GeoTransform(10, 0.5, 0, 60, 0, -0.5);
        var (width, height) = (8, 40);
        var values = Enumerable.Range(0, width * height).Select(i => i % width < 3 ? 10.0 : i % width == 7 ? 0 : 200.0).ToArray();
        var path = TestRasters.Write(scratch.File("geo.tif"), width, height, RasterDataType.Byte, [values], noData: 0, transform: transform, wkt: Wgs84);
        using var session = new PowerShellSession(scratch.FullName);
        var fromFit = session.Run("$m = Get-RasterBand geo.tif | Invoke-KMeansCluster -K 2; $m | Export-GeoTiff classes.tif; $m.Classes").ShouldSucceed()
            .Output.Cast<RasterClass>().ToArray();
        var fromFile = session.Run("Get-RasterBand classes.tif | Measure-RasterClass").ShouldSucceed().Output.Cast<RasterClass>().ToArray();

        double ColumnsArea(int columns) => Enumerable.Range(0, height).Sum(row =>
            CellAreaByIntegration(60 - 0.5 * row, 60 - 0.5 * (row + 1), 0.5)) * columns;
        double?[] expected = [ColumnsArea(3), ColumnsArea(4), ColumnsArea(1)];
        foreach (var rows in new[] { fromFit, fromFile })
        {
            Assert.Equal(["Class 0", "Class 1", "NoData"], rows.Select(r => r.Name));
            Assert.Equal([3L * height, 4L * height, height], rows.Select(r => r.PixelCount));
            for (var i = 0; i < 3; i++) Assert.Equal(expected[i]!.Value, rows[i].Area!.Value, expected[i]!.Value * 1e-9);
        }
    }

    [Fact]
    public void TemporaryFilesOfDeadWritersAreRemovedAndNothingElse()
    {
        using var scratch = new ScratchFolder();
        int deadPid;
        using (var exited = Process.Start("true")!)
        {
            exited.WaitForExit();
            deadPid = exited.Id; // no process has this id now
        }
        var stale = scratch.File($".old.tif.{deadPid}.{Guid.NewGuid():N}.tmp.tif");
        var staleSidecar = stale + ".aux.xml";
        var live = scratch.File($".other.tif.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp.tif");
        var unrelated = scratch.File(".notes.tif");
        var userFile = scratch.File($"old.tif.{deadPid}.{Guid.NewGuid():N}.tmp.tif"); // not hidden: not ours
        foreach (var file in new[] { stale, staleSidecar, live, unrelated, userFile }) File.WriteAllText(file, "x");

        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif", Vars(("sample", Paths.Sample))).ShouldSucceed();

        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(staleSidecar));
        Assert.True(File.Exists(live) && File.Exists(unrelated) && File.Exists(userFile));
        Assert.True(File.Exists(scratch.File("out.tif")));
        Assert.Empty(Directory.GetFiles(scratch.FullName, ".out.tif.*"));
    }

    [Fact]
    public void ValidityIsNeverLeftOverFromAnotherWindow()
    {
        using var scratch = new ScratchFolder();
        var values = Enumerable.Range(0, 100).Select(i => i == 0 ? 0.0 : 7.0).ToArray();
        var path = TestRasters.Write(scratch.File("nd.tif"), 10, 10, RasterDataType.UInt16, [values], noData: 0);
        var band = RasterBand.Open(path);
        using var reader = new PixelReader(band);
        var pixels = reader.NewWindowBuffers();
        try
        {
            reader.Read(new RasterWindow(0, 0, 10, 1), pixels);
            Assert.Equal((byte)0, pixels.Validity[0]);
            Assert.Equal(9, pixels.ValidCount);
            reader.Read(new RasterWindow(0, 1, 10, 1), pixels);
            Assert.Equal(10, pixels.ValidCount);
            Assert.Equal((byte)1, pixels.Validity[0]);
        }
        finally
        {
            pixels.Release();
        }
    }
}
