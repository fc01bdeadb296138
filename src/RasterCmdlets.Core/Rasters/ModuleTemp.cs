using System.Diagnostics;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// The module's own temporary folder, one per process (RasterCmdlets-&lt;pid&gt; under the system's
/// temporary folder): sieved class maps live there while the session uses them. It is removed
/// when the process exits, not when the module is removed: other runspaces of the process (thread
/// jobs, ForEach-Object -Parallel) may still use its files, and PowerShell does not tell a module
/// when a runspace that imported it closes. Folders left by processes that died are removed the
/// next time a folder is created.
/// </summary>
public static class ModuleTemp
{
    private const string Prefix = "RasterCmdlets-";
    private static readonly object Gate = new();
    private static string? _folder;

    /// <summary>Environment variable naming another parent folder (a bigger disk) for the temporary files.</summary>
    public const string FolderVariable = "RASTERCMDLETS_TEMP";

    public static string Folder
    {
        get
        {
            lock (Gate)
            {
                if (_folder is not null && Directory.Exists(_folder)) return _folder;
                var parent = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } chosen ? chosen : Path.GetTempPath();
                RemoveAbandoned(parent);
                _folder = Path.Combine(parent, Prefix + Environment.ProcessId);
                Directory.CreateDirectory(_folder);
                if (!_hooked)
                {
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove();
                    _hooked = true;
                }
                return _folder;
            }
        }
    }

    private static bool _hooked;

    private static int _counter;

    /// <summary>A new file name in the folder, short enough for tables: stem-N.ext (the file is not created).</summary>
    public static string NewFile(string stem, string extension)
    {
        var folder = Folder;
        while (true)
        {
            var path = Path.Combine(folder, $"{stem}-{Interlocked.Increment(ref _counter)}{extension}");
            if (!File.Exists(path)) return path;
        }
    }

    /// <summary>The name of a file without its extensions nor the suffix this folder added ("L7_ETMs" for L7_ETMs.classes-1.tif).</summary>
    public static string StemOf(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    /// <summary>Deletes a temporary raster of this folder and the .aux.xml sidecar GDAL may have left beside it.</summary>
    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + ".aux.xml" })
            try { if (File.Exists(file)) File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    public static void Remove()
    {
        lock (Gate)
        {
            if (_folder is null) return;
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            _folder = null;
        }
    }

    private static void RemoveAbandoned(string parent)
    {
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(parent, Prefix + "*"))
            {
                if (!int.TryParse(Path.GetFileName(folder)[Prefix.Length..], out var pid) || pid == Environment.ProcessId) continue;
                if (IsAlive(pid)) continue;
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
