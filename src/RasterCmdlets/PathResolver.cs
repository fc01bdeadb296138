using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>
/// Resolves paths the way PowerShell's own cmdlets do: against the current PowerShell location
/// (not the process's working directory), with '~' expanded and wildcards in -Path. GDAL's virtual
/// file systems (/vsizip/, /vsicurl/, ...) pass through untouched.
/// </summary>
internal static class PathResolver
{
    public static bool IsGdalVirtual(string path) =>
        path.StartsWith("/vsi", StringComparison.Ordinal) || path.StartsWith("\\vsi", StringComparison.Ordinal);

    /// <summary>
    /// The existing files an input path names (several, for wildcards in -Path). Throws
    /// RasterException PathNotFound when it names none, PathIsFolder for a folder
    /// (unless <paramref name="allowFolders"/>: a Sentinel-2 .SAFE folder is an input).
    /// </summary>
    public static IReadOnlyList<string> ResolveInputs(PSCmdlet cmdlet, string path, bool literal, bool allowFolders = false)
    {
        if (IsGdalVirtual(path)) return [path];
        try
        {
            if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
            {
                var matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider)
                    .Where(p => provider.Name == "FileSystem" && (allowFolders || !Directory.Exists(p))).ToArray();
                return matches.Length > 0 ? matches : throw NotFound(path, $"No file matches '{path}'.");
            }
            var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (Directory.Exists(resolved) && !allowFolders)
                throw new RasterException("PathIsFolder", RasterErrorKind.InvalidArgument, $"'{resolved}' is a folder, not a raster file.") { Target = path };
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
                throw NotFound(path, $"Cannot find the file '{resolved}' because it does not exist.");
            return [resolved];
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            throw NotFound(path, e.Message);
        }
    }

    private static RasterException NotFound(string path, string message) =>
        new("PathNotFound", RasterErrorKind.NotFound, message) { Target = path };

    /// <summary>The file-system path an output path names, relative to the PowerShell location.</summary>
    public static string ResolveOutput(PSCmdlet cmdlet, string path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
