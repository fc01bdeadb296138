using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>
/// Removes the module's temporary folder (sieved class maps) when the module is removed from the
/// last session of the process that imported it: runspaces of one process share the folder, so
/// the imports are counted, and a Remove-Module in one runspace leaves the others' files alone.
/// </summary>
public sealed class ModuleCleanup : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => ModuleTemp.AddUser();

    public void OnRemove(PSModuleInfo module) => ModuleTemp.RemoveUser();
}
