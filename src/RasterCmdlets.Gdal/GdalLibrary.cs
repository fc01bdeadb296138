using System.Reflection;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Finds and loads the GDAL shared library once per process. GDAL is not bundled: each platform's
/// packaging (Debian's gdal-bin, Homebrew, OSGeo4W, conda) installs it under its own name, so the
/// names are probed in order, newest ABI first, and an environment variable may name an exact file.
/// </summary>
public static class GdalLibrary
{
    /// <summary>Environment variable naming the exact GDAL library file to load.</summary>
    public const string OverrideVariable = "RASTERCMDLETS_GDAL_LIBRARY";

    private static readonly object Gate = new();
    private static nint _handle;
    private static GdalNotFoundException? _loadFailure;
    // Volatile: read outside the lock by the double check, written inside it once GDAL is ready.
    private static volatile bool _initialized;

    /// <summary>
    /// Loads GDAL, registers its drivers and silences its console output. Every entry point of the
    /// core calls this first; it is cheap after the first call.
    /// </summary>
    public static void EnsureInitialized()
    {
        if (_initialized) return;
        lock (Gate)
        {
            if (_initialized) return;
            if (_loadFailure is not null) throw _loadFailure;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(GdalLibrary).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // A resolver was already set for this assembly (a second module import in the same process).
            }
            if (Load() == 0) throw _loadFailure!;
            // GDAL's default handler prints to stderr; the quiet one only records the error,
            // which GdalCall turns into an exception on the calling thread.
            GdalNative.CPLSetErrorHandler(NativeLibrary.GetExport(_handle, "CPLQuietErrorHandler"));
            GdalNative.GDALAllRegister();
            GdalPixelFunctions.OnGdalInitialized();
            // GDAL's default block cache is 5% of RAM; streaming needs only a few windows of blocks.
            if (Environment.GetEnvironmentVariable("GDAL_CACHEMAX") is null)
                GdalNative.GDALSetCacheMax64(96L * 1024 * 1024);
            _initialized = true;
        }
    }

    /// <summary>How many datasets the process has open in GDAL (shared ones included): what tests of released handles count.</summary>
    public static int OpenDatasetCount()
    {
        EnsureInitialized();
        GdalNative.GDALGetOpenDatasets(out _, out var count);
        return count;
    }

    private static readonly object CacheGate = new();

    /// <summary>
    /// Raises GDAL's block cache by <paramref name="bytes"/> until disposed: room for blocks that
    /// must stay decoded while a reader works through them. Raises and their undoing add up, so
    /// readers in several runspaces at once each get their room.
    /// </summary>
    public static IDisposable CacheRoom(long bytes)
    {
        AdjustCache(bytes);
        return new CacheRoomLease(bytes);
    }

    private static void AdjustCache(long bytes)
    {
        lock (CacheGate) GdalNative.GDALSetCacheMax64(GdalNative.GDALGetCacheMax64() + bytes);
    }

    private sealed class CacheRoomLease(long bytes) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) AdjustCache(-bytes);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        => libraryName == GdalNative.Library ? Load() : 0;

    private static nint Load()
    {
        if (_handle != 0) return _handle;
        var tried = new List<string>();
        foreach (var candidate in Candidates())
        {
            tried.Add(candidate);
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                _handle = handle;
                return handle;
            }
        }
        _loadFailure = new GdalNotFoundException(tried);
        return 0;
    }

    /// <summary>The library names tried, in order, on this platform.</summary>
    public static IEnumerable<string> Candidates()
    {
        var overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            // An explicit choice is not second-guessed: if it fails, the error says so.
            yield return overridePath;
            yield break;
        }
        if (OperatingSystem.IsWindows())
        {
            yield return "gdal.dll";
            for (var minor = 12; minor >= 0; minor--) yield return $"gdal3{minor:00}.dll";
            yield return "gdal204.dll";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "libgdal.dylib";
            foreach (var prefix in new[] { "/opt/homebrew/lib/", "/usr/local/lib/", "/opt/local/lib/" })
                yield return prefix + "libgdal.dylib";
            for (var abi = 40; abi >= 26; abi--) yield return $"libgdal.{abi}.dylib";
        }
        else
        {
            yield return "libgdal.so";
            for (var abi = 40; abi >= 26; abi--) yield return $"libgdal.so.{abi}";
        }
    }
}
