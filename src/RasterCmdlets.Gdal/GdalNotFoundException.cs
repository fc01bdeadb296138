using System.Reflection;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>No GDAL library could be loaded.</summary>
public sealed class GdalNotFoundException : Exception
{
    public GdalNotFoundException(IReadOnlyList<string> tried)
        : base("GDAL could not be loaded. Tried: " + string.Join(", ", tried) + ". " + InstallHint())
    {
        Tried = tried;
    }

    public IReadOnlyList<string> Tried { get; }

    private static string InstallHint() =>
        OperatingSystem.IsWindows() ? $"Install GDAL (OSGeo4W or conda) and put its bin folder on PATH, or set {GdalLibrary.OverrideVariable} to the full path of gdal*.dll."
        : OperatingSystem.IsMacOS() ? $"Install GDAL ('brew install gdal' or conda), or set {GdalLibrary.OverrideVariable} to the full path of libgdal.dylib."
        : $"Install GDAL ('sudo apt-get install gdal-bin' on Debian/Ubuntu, 'dnf install gdal' on Fedora), or set {GdalLibrary.OverrideVariable} to the full path of libgdal.so.";
}
