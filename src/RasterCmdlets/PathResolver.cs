using System.Management.Automation;

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
    /// Existing files for an input path; writes a non-terminating error for each that is missing.
    /// With <paramref name="allowFolders"/>, folders are inputs too (a Sentinel-2 .SAFE folder).
    /// </summary>
    public static IEnumerable<string> ResolveInputs(PSCmdlet cmdlet, string path, bool literal, bool allowFolders = false)
    {
        if (IsGdalVirtual(path)) return [path];
        var results = new List<string>();
        try
        {
            if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
            {
                results.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider)
                    .Where(p => provider.Name == "FileSystem"));
                if (results.Count == 0) throw new ItemNotFoundException($"No file matches '{path}'.");
            }
            else
            {
                var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (Directory.Exists(resolved) && !allowFolders)
                {
                    cmdlet.WriteError(new ErrorRecord(new IOException($"'{resolved}' is a folder, not a raster file."),
                        "PathIsFolder", ErrorCategory.InvalidArgument, path));
                    return [];
                }
                if (!File.Exists(resolved) && !(allowFolders && Directory.Exists(resolved))) throw new ItemNotFoundException($"Cannot find the file '{resolved}' because it does not exist.");
                results.Add(resolved);
            }
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            cmdlet.WriteError(new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, path));
        }
        return results;
    }

    /// <summary>The file-system path an output path names, relative to the PowerShell location.</summary>
    public static string ResolveOutput(PSCmdlet cmdlet, string path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
