using RasterCmdlets.Core;
using RasterCmdlets.Gdal;
using Xunit;

namespace RasterCmdlets.Tests.Core;

public class WarmUpTests
{
    [Fact]
    public void RunsTheCommonPathAndLeavesNothingBehind()
    {
        var folder = WarmUp.Exercise();
        foreach (var name in new[] { "source.tif", "classes.tif" })
            Assert.Throws<GdalException>(() => GdalDataset.Open(folder + name));
    }
}
