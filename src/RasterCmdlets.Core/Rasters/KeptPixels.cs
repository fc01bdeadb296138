using Microsoft.Win32.SafeHandles;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// The decoded pixels of a source, kept from the pass that first reads them for the passes after
/// it, when reading the source again would cost more than keeping it: JPEG 2000 (slow to decode),
/// blocks larger than a window (a single compressed strip is inflated whole), bands resampled by
/// GDAL onto another grid, files read over the network. Held in memory up to a budget, otherwise in an
/// uncompressed file in the module's temporary folder (which the system's file cache keeps in
/// memory while memory is free, without counting it against the process). The file is deleted
/// when the keeper is disposed, which its owner does when the last pass ends, however it ends;
/// failing that, when the handle is collected or the process exits (<see cref="ModuleTemp"/>).
/// </summary>
internal sealed class KeptPixels : IDisposable
{
    /// <summary>Environment variable: megabytes of decoded pixels kept in memory rather than in a file.</summary>
    public const string MemoryBudgetVariable = "RASTERCMDLETS_KEEP_MEMORY_MB";
    public const int DefaultMemoryBudgetMB = 128;

    private static readonly string[] NetworkPrefixes =
        ["/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsiadls", "/vsioss", "/vsiswift", "/vsihdfs", "/vsiwebhdfs", "http://", "https://", "ftp://"];

    private readonly IReadOnlyList<RasterWindow> _windows;
    private readonly int[] _bandSizes;
    private readonly bool _keepsValidity;
    private readonly long[] _offsets;
    private readonly byte[]?[]? _memory;
    private readonly SafeFileHandle? _file;
    private readonly int[] _stored;
    private int _storedCount;
    private volatile bool _failed;
    private int _disposed;

    private KeptPixels(IRasterSource source, string reason, long memoryBudget)
    {
        Reason = reason;
        _windows = WindowRunner.WindowsOf(source);
        _bandSizes = source.Bands.Select(b => b.DataType.SizeInBytes()).ToArray();
        // Validity told by values alone (NoData, NaN) is cheap to work out again; masks are read from files.
        _keepsValidity = ValidityPlan.Of(source).ReadsValidityFromFiles;
        var pixelBytes = _bandSizes.Sum() + (_keepsValidity ? 1 : 0);
        _offsets = new long[_windows.Count + 1];
        for (var i = 0; i < _windows.Count; i++) _offsets[i + 1] = _offsets[i] + _windows[i].PixelCount * pixelBytes;
        Bytes = _offsets[^1];
        _stored = new int[_windows.Count];
        if (Bytes <= memoryBudget)
        {
            _memory = new byte[_windows.Count][];
            return;
        }
        FilePath = ModuleTemp.NewFile(ModuleTemp.StemOf(source.Bands[0].FileName), ".pixels");
        _file = File.OpenHandle(FilePath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
    }

    /// <summary>Why the source's pixels are kept, for -Verbose.</summary>
    public string Reason { get; }
    /// <summary>Bytes kept once every window is stored.</summary>
    public long Bytes { get; }
    /// <summary>The file holding them, or null when they are held in memory.</summary>
    public string? FilePath { get; }

    /// <summary>What is kept where, and why, for -Verbose.</summary>
    public string Describe() =>
        $"Keeping the decoded pixels ({Bytes / 1048576.0:N0} MB) {(FilePath is null ? "in memory" : $"in {FilePath}")} for the passes after the first: {Reason}.";

    /// <summary>
    /// A keeper for the passes over <paramref name="source"/>, or null when reading it again is cheap,
    /// or when no temporary file can be made (keeping saves time; the passes then read the source).
    /// </summary>
    public static KeptPixels? For(IRasterSource source)
    {
        if (WhyKeep(source) is not { } reason) return null;
        var budget = MemoryBudget();
        try
        {
            return new KeptPixels(source, reason, budget);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Why reading the source again would cost more than keeping its pixels, or null when it would not.</summary>
    internal static string? WhyKeep(IRasterSource source)
    {
        foreach (var band in source.Bands)
        {
            if (band.IsComputed) return $"{band.Description} is computed from {band.FileName} and other rasters at every read";
            if (band.IsJpeg2000) return $"{band.FileName} is JPEG 2000, slow to decode";
            if (band.ResampledFrom is not null) return $"{band.FileName} is resampled by GDAL at every read";
            if (band.HasBlocksLargerThanAWindow)
                return $"{band.FileName} has blocks larger than a window ({band.BlockWidth}x{band.BlockHeight}), decoded whole";
            var file = RasterBand.FileOf(band.Path);
            if (NetworkPrefixes.Any(p => file.Contains(p, StringComparison.OrdinalIgnoreCase))) return $"{band.FileName} is read over the network";
        }
        return null;
    }

    /// <exception cref="RasterException">InvalidSetting, when the environment variable is not a number of megabytes.</exception>
    internal static long MemoryBudget()
    {
        var text = Environment.GetEnvironmentVariable(MemoryBudgetVariable);
        if (string.IsNullOrWhiteSpace(text)) return DefaultMemoryBudgetMB * (1L << 20);
        if (!long.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var mb)
            || mb > long.MaxValue >> 20)
            throw new RasterException("InvalidSetting", RasterErrorKind.InvalidArgument,
                $"{MemoryBudgetVariable} must be a whole number of megabytes (0 keeps every source in a file), not '{text}'.");
        return mb << 20;
    }

    /// <summary>True when every window is kept: a pass then reads nothing from the source.</summary>
    public bool HoldsEveryWindow => Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _storedCount) == _windows.Count;

    /// <summary>Fills <paramref name="pixels"/> with window <paramref name="index"/> when it was kept; false otherwise.</summary>
    public bool TryRead(int index, WindowPixels pixels)
    {
        if (Volatile.Read(ref _disposed) != 0 || Volatile.Read(ref _stored[index]) == 0) return false;
        var window = _windows[index];
        var offset = _offsets[index];
        for (var b = 0; b < _bandSizes.Length; b++)
        {
            var raw = pixels.Prepare(window, b);
            Load(index, offset, raw);
            offset += raw.Length;
        }
        if (_keepsValidity) pixels.RestoreValidity(flags => Load(index, offset, flags));
        return true;
    }

    /// <summary>Stores a window just read from the source. A file that cannot be written is given up, not fatal: later passes read the source.</summary>
    public void Keep(int index, WindowPixels pixels)
    {
        if (_failed || Volatile.Read(ref _disposed) != 0) return;
        try
        {
            if (_memory is not null)
            {
                var bytes = GC.AllocateUninitializedArray<byte>(checked((int)(_offsets[index + 1] - _offsets[index])));
                var at = 0;
                for (var b = 0; b < _bandSizes.Length; b++)
                {
                    pixels.RawBand(b).CopyTo(bytes.AsSpan(at));
                    at += pixels.RawBand(b).Length;
                }
                if (_keepsValidity) pixels.Validity.CopyTo(bytes.AsSpan(at));
                _memory[index] = bytes;
            }
            else
            {
                var offset = _offsets[index];
                for (var b = 0; b < _bandSizes.Length; b++)
                {
                    RandomAccess.Write(_file!, pixels.RawBand(b), offset);
                    offset += pixels.RawBand(b).Length;
                }
                if (_keepsValidity) RandomAccess.Write(_file!, pixels.Validity, offset);
            }
            Volatile.Write(ref _stored[index], 1);
            Interlocked.Increment(ref _storedCount);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _failed = true;
        }
    }

    private void Load(int index, long offset, Span<byte> destination)
    {
        if (_memory is not null)
        {
            _memory[index].AsSpan((int)(offset - _offsets[index]), destination.Length).CopyTo(destination);
            return;
        }
        while (destination.Length > 0)
        {
            var read = RandomAccess.Read(_file!, destination, offset);
            if (read <= 0) throw new IOException($"The kept pixels in {FilePath} end early.");
            destination = destination[read..];
            offset += read;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _file?.Dispose();
        if (_memory is not null) Array.Clear(_memory);
    }
}
