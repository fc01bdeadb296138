using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>Removes the module's temporary folder (sieved class maps) when the module is removed.</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo module) => ModuleTemp.Remove();
}
