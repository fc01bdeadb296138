using System.Management.Automation;
using RasterCmdlets.Core;
using RasterCmdlets.Gdal;

namespace RasterCmdlets;

/// <summary>
/// Starts loading GDAL (library, 200 drivers) in the background as the module is imported, then
/// warms up the common path (<see cref="WarmUp"/>), so that both overlap PowerShell compiling the
/// first command. A failure is left for the first cmdlet that needs GDAL to report, as an error record.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport() => Task.Run(() =>
    {
        try
        {
            WarmUp.Run();
        }
        catch (GdalNotFoundException)
        {
        }
    });
}
