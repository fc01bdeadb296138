using System.Reflection;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Pictures;

/// <summary>
/// Lets SkiaSharp and HarfBuzzSharp find their native libraries inside pwsh. An application built
/// with them finds runtimes/&lt;rid&gt;/native/ through its .deps.json; a module loaded by pwsh has
/// none, so the module ships those folders and this resolver points the two assemblies at the
/// one for this platform. Anything not found there falls back to the usual search.
/// </summary>
internal static class SkiaNativeLibrary
{
    private static readonly object Gate = new();
    private static bool _installed;

    public static void EnsureResolver()
    {
        if (_installed) return;
        lock (Gate)
        {
            if (_installed) return;
            Install(typeof(SkiaSharp.SKColor).Assembly);
            Install(typeof(HarfBuzzSharp.Buffer).Assembly);
            _installed = true;
        }
    }

    private static void Install(Assembly assembly)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for it (the module imported twice in one process).
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var folder = Path.GetDirectoryName(typeof(SkiaNativeLibrary).Assembly.Location);
        if (string.IsNullOrEmpty(folder)) return 0;
        foreach (var file in Candidates(folder, name))
            if (File.Exists(file) && NativeLibrary.TryLoad(file, out var handle)) return handle;
        return 0;
    }

    /// <summary>The files tried for a library name, most specific first.</summary>
    internal static IEnumerable<string> Candidates(string folder, string name)
    {
        var file = name.EndsWith(Extension, StringComparison.Ordinal) ? name : name + Extension;
        foreach (var rid in RuntimeIdentifiers())
            yield return Path.Combine(folder, "runtimes", rid, "native", file);
        yield return Path.Combine(folder, file);
    }

    private static string Extension => OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";

    private static IEnumerable<string> RuntimeIdentifiers()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (OperatingSystem.IsWindows()) yield return $"win-{arch}";
        else if (OperatingSystem.IsMacOS()) yield return "osx";
        else yield return $"linux-{arch}";
    }
}
