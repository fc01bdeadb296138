using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// The rules of every file the module writes: the target is checked before any work, the content
/// goes to a hidden temporary file beside it that is renamed into place only once complete, so a
/// failure or a cancellation never leaves a partial file nor destroys an existing one. Temporary
/// files name the writing process, so those left by a process that was killed are removed by the
/// next write into the same folder.
/// </summary>
public static partial class OutputFile
{
    /// <summary>GDAL keeps what a format cannot hold (category names of a GeoTIFF) in this sidecar.</summary>
    private const string Sidecar = ".aux.xml";

    /// <summary>The full path of the target, after checking that it may be written.</summary>
    /// <exception cref="RasterException">OutputFolderNotFound, OutputIsFolder or OutputExists.</exception>
    public static string Check(string path, bool overwrite)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
            throw new RasterException("OutputFolderNotFound", RasterErrorKind.InvalidArgument, $"The folder '{folder}' does not exist.") { Target = path };
        if (Directory.Exists(target))
            throw new RasterException("OutputIsFolder", RasterErrorKind.InvalidArgument, $"'{target}' is a folder, not a file.") { Target = path };
        if (File.Exists(target) && !overwrite)
            throw new RasterException("OutputExists", RasterErrorKind.OutputExists, $"'{target}' already exists; use -Force to replace it.") { Target = path };
        return target;
    }

    /// <summary>
    /// Writes <paramref name="path"/> atomically: <paramref name="write"/> receives a temporary path
    /// ending in <paramref name="extension"/> and returns the path of the finished file (itself, or
    /// another temporary path it derived from it by changing the extension).
    /// </summary>
    /// <param name="sidecars">Extensions of files the format writes beside the main one (a shapefile's .dbf, .shx, .prj): they move with it.</param>
    public static void Write(string path, bool overwrite, string extension, Func<string, string> write, CancellationToken cancellation = default,
        IReadOnlyList<string>? sidecars = null)
    {
        var target = Check(path, overwrite);
        var folder = Path.GetDirectoryName(target)!;
        RemoveStaleTemporaries(folder);
        var stem = $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.";
        try
        {
            var finished = write(Path.Combine(folder, stem + "tmp" + extension));
            cancellation.ThrowIfCancellationRequested();
            // Sidecars first, the main file last: the target's name appears only when all is in place.
            foreach (var sidecar in sidecars ?? [])
            {
                var (from, to) = (Path.ChangeExtension(finished, sidecar), Path.ChangeExtension(target, sidecar));
                if (File.Exists(from)) File.Move(from, to, overwrite: true);
                else TryDelete(to); // a stale sidecar of the file replaced
            }
            File.Move(finished, target, overwrite);
            if (File.Exists(finished + Sidecar)) File.Move(finished + Sidecar, target + Sidecar, overwrite: true);
            else TryDelete(target + Sidecar);
        }
        catch (IOException e) when (File.Exists(target) && !overwrite)
        {
            throw new RasterException("OutputExists", RasterErrorKind.OutputExists, $"'{target}' already exists: {e.Message}");
        }
        finally
        {
            foreach (var leftover in Directory.EnumerateFiles(folder, stem + "*")) TryDelete(leftover);
        }
    }

    /// <summary>Removes this module's temporary files whose writing process no longer exists.</summary>
    internal static void RemoveStaleTemporaries(string folder)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, ".*").ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var file in candidates)
        {
            var match = TemporaryName().Match(Path.GetFileName(file));
            if (match.Success && int.TryParse(match.Groups["pid"].Value, out var pid) && !IsRunning(pid)) TryDelete(file);
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The writer's own pattern: .name.PID.GUID.tmp.ext (and GDAL's sidecars of it).</summary>
    [GeneratedRegex(@"^\..+\.(?<pid>[0-9]+)\.[0-9a-f]{32}\.[a-z]+(\.[a-z0-9]+)*$")]
    private static partial Regex TemporaryName();

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
