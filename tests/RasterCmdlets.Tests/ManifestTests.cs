using System.Management.Automation;
using Xunit;

namespace RasterCmdlets.Tests;

public class ManifestTests
{
    [Fact]
    public void ManifestExportsEveryCmdletAndTheBuildVersion()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var module = session.Run("Get-Module RasterCmdlets").ShouldSucceed().Single<PSModuleInfo>();
        var cmdlets = typeof(RasterCmdlets.RasterCmdlet).Assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault())
            .Where(a => a is not null).Select(a => $"{a!.VerbName}-{a.NounName}").Order().ToArray();
        Assert.Equal(cmdlets, module.ExportedCmdlets.Keys.Order().ToArray());
        Assert.Equal(typeof(RasterCmdlets.RasterCmdlet).Assembly.GetName().Version!.ToString(3), module.Version.ToString(3));
        Assert.Contains("Core", module.CompatiblePSEditions);
    }

    [Fact]
    public void RootManifestLoadsFromTheRepoRoot()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run($"Remove-Module RasterCmdlets; Import-Module '{Path.Combine(Paths.RepoRoot, "RasterCmdlets.psd1")}' -PassThru").ShouldSucceed();
        var cmdlets = typeof(RasterCmdlets.RasterCmdlet).Assembly.GetTypes().Count(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).Length > 0);
        Assert.True(cmdlets >= 16, $"{cmdlets} cmdlet classes");
        Assert.Equal(cmdlets, ((PSModuleInfo)result.Output.Single()!).ExportedCmdlets.Count);
    }
}
