using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// Objects through PowerShell's own serialisation (the CliXml of Export-Clixml, jobs and remoting,
/// here through PSSerializer in one session) come back working: they bind, classify and write as
/// the live ones do. Files written from live and from rebuilt objects are compared byte for byte.
/// </summary>
public class SerializationTests
{
    private const string RoundTrip = "function rt($o) { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($o)) }; ";

    private static Dictionary<string, object?> Sample => new() { ["sample"] = Paths.Sample };

    [Fact]
    public void ADeserialisedModelBindsToModelAndClassifiesBitIdentically()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var model = session.Run(RoundTrip + """
            $model = (Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 3).Model
            $copy = rt $model
            Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -Model $model | Export-GeoTiff live.tif
            Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -Model $copy | Export-GeoTiff copy.tif
            $copy
            """, Sample).ShouldSucceed().Single<KMeansModel>();
        Assert.Equal((4, 6, 3, KMeansMethod.Lloyd), (model.K, model.BandCount, model.Seed, model.Method));
        Assert.Equal(File.ReadAllBytes(scratch.File("live.tif")), File.ReadAllBytes(scratch.File("copy.tif")));
    }

    [Fact]
    public void AModelDeserialisedWhereTheModuleWasAbsentStillBinds()
    {
        // What Import-Clixml gives in a session that imported the module only afterwards: a property bag.
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var bag = new PSObject();
        bag.TypeNames.Clear();
        bag.TypeNames.Add("Deserialized.RasterCmdlets.Core.Clustering.KMeansModel");
        bag.TypeNames.Add("Deserialized.System.Object");
        bag.Properties.Add(new PSNoteProperty("Centres", new System.Collections.ArrayList { new System.Collections.ArrayList { 20.0 }, new System.Collections.ArrayList { 60.0 } }));
        bag.Properties.Add(new PSNoteProperty("DataTypes", new System.Collections.ArrayList { "Byte" }));
        bag.Properties.Add(new PSNoteProperty("NoDataValues", new System.Collections.ArrayList { null }));
        foreach (var (name, value) in new (string, object)[] { ("Inertia", 1.0), ("Iterations", 1), ("Converged", true), ("Seed", 7), ("Method", KMeansMethod.ExactHistogram) })
            bag.Properties.Add(new PSNoteProperty(name, value));
        var map = session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -Model $bag",
            new Dictionary<string, object?> { ["sample"] = Paths.Sample, ["bag"] = bag }).ShouldSucceed().Single<ClassifiedRaster>();
        var values = TestRasters.ReadBand(Paths.Sample, 4).Values;
        Assert.Equal(values.Count(v => v <= 40), map.ClassPixelCounts[0]); // the midpoint of 20 and 60
        Assert.Equal(values.Count(v => v > 40), map.ClassPixelCounts[1]);
    }

    [Fact]
    public void DeserialisedBandsAndStacksReopenTheirFilesAndPipeOn()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var output = session.Run(RoundTrip + """
            $band = rt (Get-RasterBand $sample 4)
            $stack = rt (Get-RasterBand $sample 1,2,3 | Join-RasterBand)
            $band.GetType().Name; $stack.GetType().Name
            $band | Invoke-KMeansCluster -K 2 -Seed 1 | Export-GeoTiff band-copy.tif
            Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 -Seed 1 | Export-GeoTiff band-live.tif
            $stack | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff stack-copy.tif
            Get-RasterBand $sample 1,2,3 | Join-RasterBand | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff stack-live.tif
            """, Sample).ShouldSucceed().Output.Select(o => o?.ToString() ?? "").ToArray();
        Assert.Equal(["RasterBand", "RasterStack"], output);
        Assert.Equal(File.ReadAllBytes(scratch.File("band-live.tif")), File.ReadAllBytes(scratch.File("band-copy.tif")));
        Assert.Equal(File.ReadAllBytes(scratch.File("stack-live.tif")), File.ReadAllBytes(scratch.File("stack-copy.tif")));
    }

    [Fact]
    public void ADeserialisedClassMapExportsTheSameFile()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var copy = session.Run(RoundTrip + """
            $map = Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 3 -Seed 1
            $copy = rt $map
            $map | Export-GeoTiff live.tif -ClassName a, b, c
            $copy | Export-GeoTiff copy.tif -ClassName a, b, c
            $copy
            """, Sample).ShouldSucceed().Single<ClassifiedRaster>();
        Assert.Equal(File.ReadAllBytes(scratch.File("live.tif")), File.ReadAllBytes(scratch.File("copy.tif")));
        var values = TestRasters.ReadBand(Paths.Sample, 4).Values;
        Assert.Equal(values.Length, copy.ClassPixelCounts.Sum() + copy.NoDataPixelCount);
    }

    [Fact]
    public void ScoresAndClassRowsComeBackAsThemselves()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var output = session.Run(RoundTrip + """
            (rt (Get-RasterBand $sample 4 | Measure-KMeansCluster -K 2 -Seed 4))
            (rt (Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-RasterClass -ClassName Water, Land))
            """, Sample).ShouldSucceed().Output;
        var score = Assert.IsType<KMeansScore>(output[0]);
        Assert.Equal((2, 4, KMeansMethod.ExactHistogram), (score.K, score.Seed, score.Method));
        var rows = output.Skip(1).Cast<RasterClass>().ToArray();
        Assert.Equal(["Water", "Land"], rows.Select(r => r.Name));
        Assert.Equal(TestRasters.ReadBand(Paths.Sample, 4).Values.Length, rows.Sum(r => r.PixelCount));
    }

    [Fact]
    public void ACopyWhoseFileIsGoneFailsToBindWithAClearReason()
    {
        using var scratch = new ScratchFolder();
        File.Copy(Paths.Sample, scratch.File("gone.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run(RoundTrip + """
            $x = [System.Management.Automation.PSSerializer]::Serialize((Get-RasterBand gone.tif 4))
            [System.IO.File]::Delete([System.IO.Path]::Combine($PWD.Path, 'gone.tif'))
            Invoke-KMeansCluster -InputObject ([System.Management.Automation.PSSerializer]::Deserialize($x)) -K 2
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("CannotConvertArgument", error.FullyQualifiedErrorId);
        Assert.Contains("gone.tif", error.ToString());
    }
}
