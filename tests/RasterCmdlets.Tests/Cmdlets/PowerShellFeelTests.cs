using System.Management.Automation;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>Paths, ShouldProcess, progress, verbosity, formatting, completion and concurrency, as pwsh users expect them.</summary>
public class PowerShellFeelTests
{
    private static Dictionary<string, object?> Vars(params (string, object?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void EveryTypeHasAUsefulToString()
    {
        var band = RasterBand.Open(Paths.Sample, [4])[0];
        Assert.Equal("L7_ETMs.tif band 4 (349x352 Byte)", band.ToString());
        var classes = RasterCmdlets.Core.Clustering.KMeansFitter.Fit(band, new RasterCmdlets.Core.Clustering.KMeansOptions(2, seed: 1)).ClassMap;
        Assert.Contains("2 classes", classes.ToString());
        Assert.Contains("K=2", classes.Model.ToString());
        Assert.StartsWith("Class 0: 21131 pixels", classes.Classes[0].ToString());
        Assert.Contains("6 bands", RasterStack.Join(RasterBand.Open(Paths.Sample)).ToString());
    }

    [Fact]
    public void WhatIfWritesNothing()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif -WhatIf; Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-KMeansModel m.json -WhatIf",
            Vars(("sample", Paths.Sample))).ShouldSucceed();
        Assert.Empty(Directory.GetFiles(scratch.FullName));
        session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif -Confirm:$false -PassThru", Vars(("sample", Paths.Sample))).ShouldSucceed();
        Assert.True(File.Exists(scratch.File("out.tif")));
    }

    [Fact]
    public void ProgressAndVerboseTellWhatHappens()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 3 -Seed 1 -Verbose | Export-GeoTiff out.tif -Verbose",
            Vars(("sample", Paths.Sample))).ShouldSucceed();
        Assert.Contains(result.Progress, p => p.Activity.StartsWith("Lloyd iteration") && p.PercentComplete == 100);
        Assert.Contains(result.Progress, p => p.Activity == "Writing classes" && p.PercentComplete == 100);
        Assert.Contains(result.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(result.Verbose, v => v.StartsWith("Lloyd iteration 1: inertia"));
        Assert.Contains(result.Verbose, v => v.Contains("classes in") && v.Contains(" s: inertia"));
        Assert.Contains(result.Verbose, v => v.StartsWith("Wrote '"));

        var quiet = session.Run("$ProgressPreference = 'SilentlyContinue'; Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff quiet.tif",
            Vars(("sample", Paths.Sample))).ShouldSucceed();
        Assert.Empty(quiet.Progress);
    }

    [Fact]
    public void PathsResolveAgainstThePowerShellLocationAndHome()
    {
        using var scratch = new ScratchFolder();
        Directory.CreateDirectory(scratch.File("sub"));
        File.Copy(Paths.Sample, scratch.File("sub/scene one.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        // Relative to the PowerShell location, not the process's working directory.
        session.Run("$ExecutionContext.SessionState.Path.SetLocation('sub') | Out-Null; Get-RasterBand 'scene one.tif' 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif").ShouldSucceed();
        Assert.True(File.Exists(scratch.File("sub/out.tif")));
        // Wildcards in -Path, none in -LiteralPath.
        Assert.Equal(6, session.Run("Get-RasterBand 'scene*.tif'").ShouldSucceed().Output.Count);
        var error = Assert.Single(session.Run("Get-RasterBand -LiteralPath 'scene*.tif'").Errors);
        Assert.Equal("PathNotFound,RasterCmdlets.Commands.GetRasterBandCommand", error.FullyQualifiedErrorId);
        // -LiteralPath binds by property name from provider-qualified PSPath, as Get-ChildItem's output carries it.
        var fromPsPath = session.Run("[pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\\FileSystem::' + $PWD.ProviderPath + '/scene one.tif' } | Get-RasterBand -Band 2").ShouldSucceed();
        Assert.Equal(2, Assert.IsType<RasterBand>(Assert.Single(fromPsPath.Output)).BandNumber);
        // ~ is the home folder.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var inHome = Path.Combine(home, $"rastercmdlets-test-{Guid.NewGuid():N}.tif");
        File.Copy(Paths.Sample, inHome);
        try
        {
            Assert.Equal(inHome, session.Run($"(Get-RasterBand '~/{Path.GetFileName(inHome)}' 1).Path").ShouldSucceed().Output.Single());
        }
        finally
        {
            File.Delete(inHome);
        }
    }

    [Fact]
    public void FolderIsNotARaster()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var error = Assert.Single(session.Run($"Get-RasterBand '{scratch.FullName}'").Errors);
        Assert.Equal("PathIsFolder,RasterCmdlets.Commands.GetRasterBandCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void BandNumbersCompleteFromTheFile()
    {
        using var scratch = new ScratchFolder();
        File.Copy(Paths.Sample, scratch.File("x.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        const string line = "Get-RasterBand x.tif -Band ";
        var result = session.Run($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches.CompletionText").ShouldSucceed();
        Assert.Equal(["1", "2", "3", "4", "5", "6"], result.Output.Select(o => (string)o!));
    }

    [Fact]
    public void ParallelRunspacesWriteWhatSequentialRunsWrite()
    {
        using var scratch = new ScratchFolder();
        var names = new[] { "a", "b", "c" };
        foreach (var n in names) File.Copy(Paths.Sample, scratch.File($"{n}.tif"));
        const string script = "Get-RasterBand {0}.tif | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 5 | Export-GeoTiff {0}_{1}.tif";
        using (var sequential = new PowerShellSession(scratch.FullName))
            foreach (var n in names) sequential.Run(string.Format(script, n, "seq")).ShouldSucceed();
        Parallel.ForEach(names, n =>
        {
            using var session = new PowerShellSession(scratch.FullName);
            session.Run(string.Format(script, n, "par")).ShouldSucceed();
        });
        foreach (var n in names)
            Assert.Equal(File.ReadAllBytes(scratch.File($"{n}_seq.tif")), File.ReadAllBytes(scratch.File($"{n}_par.tif")));
    }

    /// <summary>Ctrl+C (Stop) at each stage: reading, fitting, writing. The stop is prompt and leaves no file.</summary>
    [Theory]
    [InlineData("$m = Get-RasterBand big.tif | Invoke-KMeansCluster -K 3; $m | Export-GeoTiff out.tif", "Writing classes")]
    [InlineData("Get-RasterBand big.tif | Invoke-KMeansCluster -K 3 | Export-GeoTiff out.tif", "Reading the distinct values")]
    [InlineData("Get-RasterBand big.tif, big.tif | Join-RasterBand | Invoke-KMeansCluster -K 3 -MaxIterations 1000 -Tolerance 0 | Export-GeoTiff out.tif", "Lloyd iteration 2 on all pixels")]
    public void StoppingLeavesNoFile(string script, string activity)
    {
        using var scratch = new ScratchFolder();
        var random = new Random(1);
        const int size = 4000;
        TestRasters.Write(scratch.File("big.tif"), size, size, RasterDataType.Float32,
            [Enumerable.Range(0, size * size).Select(_ => random.NextDouble()).ToArray()], blockSize: 256);
        var before = File.ReadAllBytes(scratch.File("big.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        var stopping = session.StopWhenReached(script, activity);
        Assert.True(stopping < TimeSpan.FromSeconds(5), $"stopping took {stopping}");
        Assert.Equal(["big.tif"], Directory.GetFiles(scratch.FullName).Select(Path.GetFileName));
        Assert.Equal(before, File.ReadAllBytes(scratch.File("big.tif")));
    }
}
