using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// The pixels of one window of a source, every band in its native type. Which pixels are valid is
/// worked out only when first asked for, once per window: a consumer that tells missing pixels by
/// itself (a lookup table that maps the NoData value) never pays for it, and no consumer can read
/// flags left over from another window. Buffers are reused from window to window.
/// </summary>
internal sealed class WindowPixels
{
    private PixelReader _reader;
    private byte[] _valid = [];
    private int _validCount;
    private bool _validityComputed;

    public WindowPixels(PixelReader reader, IReadOnlyList<RasterBand> bands)
    {
        _reader = reader;
        Bands = bands;
        Types = bands.Select(b => b.DataType).ToArray();
        Raw = new byte[bands.Count][];
        MayHaveMissing = reader.Validity.MayHaveMissing;
    }

    public IReadOnlyList<RasterBand> Bands { get; }
    public RasterWindow Window { get; private set; }
    public int Count { get; private set; }
    public RasterDataType[] Types { get; }
    internal byte[][] Raw { get; }

    /// <summary>False when every pixel of every band is valid by construction (integers, no NoData, no mask).</summary>
    public bool MayHaveMissing { get; }

    public ReadOnlySpan<byte> RawBand(int band) => Raw[band].AsSpan(0, Count * Types[band].SizeInBytes());

    /// <summary>1 where every band has a value at the pixel, 0 where any is missing.</summary>
    public ReadOnlySpan<byte> Validity
    {
        get
        {
            EnsureValidity();
            return _valid.AsSpan(0, Count);
        }
    }

    /// <summary>How many pixels of the window are valid.</summary>
    public int ValidCount
    {
        get
        {
            EnsureValidity();
            return _validCount;
        }
    }

    /// <summary>
    /// Fills <paramref name="valid"/> with 1 where band <paramref name="band"/> alone has a value, for
    /// a consumer that counts each band's observations apart (the frequency of a class over dates).
    /// Worked out on each call, not kept.
    /// </summary>
    internal void BandValidity(int band, Span<byte> valid)
    {
        valid.Fill(1);
        if (_reader.Validity.KindsOfBand(band).Count > 0) _reader.MarkMissing(this, band, valid);
    }

    /// <summary>
    /// Binds the buffers to the reader that fills them: the one that works out their validity (and
    /// reads mask rasters for it) is the one whose datasets hold the window's blocks.
    /// </summary>
    internal void FilledBy(PixelReader reader) => _reader = reader;

    /// <summary>Makes room for a new window; validity is forgotten until asked for again.</summary>
    internal Span<byte> Prepare(RasterWindow window, int band)
    {
        if (band == 0)
        {
            Window = window;
            Count = checked((int)window.PixelCount);
            _validityComputed = false;
        }
        var bytes = Count * Types[band].SizeInBytes();
        if (Raw[band] is null || Raw[band].Length < bytes) Raw[band] = Rent(Raw[band], bytes);
        return Raw[band].AsSpan(0, bytes);
    }

    /// <summary>Fills a span of validity flags.</summary>
    internal delegate void FlagsFiller(Span<byte> flags);

    /// <summary>Takes the validity kept from an earlier pass (<see cref="KeptPixels"/>) instead of working it out again.</summary>
    internal void RestoreValidity(FlagsFiller fill)
    {
        if (_valid.Length < Count) _valid = Rent(_valid, Count);
        var valid = _valid.AsSpan(0, Count);
        fill(valid);
        _validCount = CountOnes(valid);
        _validityComputed = true;
    }

    private void EnsureValidity()
    {
        if (_validityComputed) return;
        if (_valid.Length < Count) _valid = Rent(_valid, Count);
        var valid = _valid.AsSpan(0, Count);
        valid.Fill(1);
        if (MayHaveMissing) _reader.MarkMissing(this, valid);
        _validCount = CountOnes(valid);
        _validityComputed = true;
    }

    // Window buffers are megabytes: renting them from the shared pool lets every pass of a
    // multi-pass fit reuse the same memory instead of leaving it to the large-object heap.
    private static byte[] Rent(byte[]? previous, int bytes)
    {
        if (previous is { Length: > 0 }) ArrayPool<byte>.Shared.Return(previous);
        return ArrayPool<byte>.Shared.Rent(bytes);
    }

    /// <summary>Gives the buffers back to the pool; the object must not be used afterwards.</summary>
    internal void Release()
    {
        for (var b = 0; b < Raw.Length; b++)
        {
            if (Raw[b] is { Length: > 0 }) ArrayPool<byte>.Shared.Return(Raw[b]);
            Raw[b] = [];
        }
        if (_valid.Length > 0) ArrayPool<byte>.Shared.Return(_valid);
        _valid = [];
        _validityComputed = false;
    }

    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int CountOnes(ReadOnlySpan<byte> flags)
    {
        // Flags are 0 or 1 bytes: a population count of 8 bytes at a time counts the valid pixels.
        var words = MemoryMarshal.Cast<byte, ulong>(flags);
        var n = 0;
        foreach (var w in words) n += BitOperations.PopCount(w);
        for (var i = words.Length * 8; i < flags.Length; i++) n += flags[i];
        return n;
    }
}
