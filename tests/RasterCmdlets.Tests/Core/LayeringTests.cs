using System.Reflection;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>
/// The layers' arrows run one way, as the compiler sees them: the Gdal assembly references nothing
/// of ours, and the core references no PowerShell. A reference added the wrong way fails here.
/// </summary>
public class LayeringTests
{
    private static string[] OurReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("RasterCmdlets", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void TheGdalLayerReferencesNothingOfOurs() =>
        Assert.Empty(OurReferences(typeof(RasterCmdlets.Gdal.GdalDataset).Assembly));

    [Fact]
    public void TheCoreReferencesOnlyTheGdalLayerAndNoPowerShell()
    {
        var core = typeof(RasterCmdlets.Core.Rasters.RasterBand).Assembly;
        Assert.Equal(["RasterCmdlets.Gdal"], OurReferences(core));
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name!.StartsWith("System.Management.Automation", StringComparison.Ordinal));
    }

    [Fact]
    public void NoGdalTypeUsesARasterType()
    {
        var gdal = typeof(RasterCmdlets.Gdal.GdalDataset).Assembly;
        var leaks = gdal.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m switch
            {
                MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
                PropertyInfo property => [property.PropertyType],
                FieldInfo field => [field.FieldType],
                _ => [],
            })
            .Where(t => t.Namespace?.StartsWith("RasterCmdlets.Core", StringComparison.Ordinal) == true)
            .ToArray();
        Assert.Empty(leaks);
    }
}
