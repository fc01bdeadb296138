using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// The pixels of one window of a source, every band in its native type, with a validity flag per
/// pixel. Buffers are reused from window to window by the reader that fills them.
/// </summary>
internal sealed class WindowPixels
{
    public WindowPixels(IReadOnlyList<RasterBand> bands)
    {
        Types = bands.Select(b => b.DataType).ToArray();
        Raw = new byte[bands.Count][];
        Valid = [];
    }

    public RasterWindow Window { get; private set; }
    public int Count { get; private set; }
    public RasterDataType[] Types { get; }
    public byte[][] Raw { get; }
    /// <summary>1 where every band has a value at the pixel, 0 where any is missing (when computed).</summary>
    public byte[] Valid { get; private set; }
    public int ValidCount { get; private set; }
    /// <summary>
    /// False when the reader was told that the consumer recognises missing pixels by itself
    /// (a lookup table that maps the NoData value): then <see cref="Valid"/> is not filled.
    /// </summary>
    public bool HasValidity { get; private set; }

    public ReadOnlySpan<byte> RawBand(int band) => Raw[band].AsSpan(0, Count * Types[band].SizeInBytes());

    internal void Prepare(RasterWindow window, bool validity)
    {
        Window = window;
        Count = checked((int)window.PixelCount);
        HasValidity = validity;
        for (var b = 0; b < Raw.Length; b++)
        {
            var bytes = Count * Types[b].SizeInBytes();
            if (Raw[b] is null || Raw[b].Length < bytes) Raw[b] = Rent(Raw[b], bytes);
        }
        if (!validity) return;
        if (Valid.Length < Count) Valid = Rent(Valid, Count);
        Valid.AsSpan(0, Count).Fill(1);
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
        if (Valid.Length > 0) ArrayPool<byte>.Shared.Return(Valid);
        Valid = [];
    }

    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void CountValid()
    {
        // Flags are 0 or 1 bytes: a population count of 8 bytes at a time counts the valid pixels.
        var valid = Valid.AsSpan(0, Count);
        var words = MemoryMarshal.Cast<byte, ulong>(valid);
        var n = 0;
        foreach (var w in words) n += BitOperations.PopCount(w);
        for (var i = words.Length * 8; i < valid.Length; i++) n += valid[i];
        ValidCount = n;
    }
}

/// <summary>
/// Reads windows of a source's bands. Owns its own GDAL datasets (one per file), so each worker
/// thread uses its own reader: GDAL datasets are not thread-safe.
/// </summary>
internal sealed class PixelReader : IDisposable
{
    private readonly IReadOnlyList<RasterBand> _bands;
    private readonly Dictionary<string, GdalDataset> _datasets = new();
    private byte[] _maskScratch = [];

    public PixelReader(IReadOnlyList<RasterBand> bands)
    {
        _bands = bands;
        foreach (var band in bands)
            if (!_datasets.ContainsKey(band.Path))
                _datasets[band.Path] = GdalDataset.OpenForStreaming(band.Path);
    }

    public void Read(RasterWindow window, WindowPixels pixels, bool validity = true)
    {
        pixels.Prepare(window, validity);
        var valid = validity ? pixels.Valid.AsSpan(0, pixels.Count) : default;
        for (var b = 0; b < _bands.Count; b++)
        {
            var band = _bands[b];
            var gdalBand = _datasets[band.Path].GetBand(band.BandNumber);
            var raw = pixels.Raw[b].AsSpan(0, pixels.Count * band.DataType.SizeInBytes());
            gdalBand.Read(window, raw, band.DataType);
            if (!validity) continue;
            PixelMath.ApplyNoData(raw, band.DataType, band.NoDataValue, valid);
            if (band.Mask == MaskKind.MaskBand)
            {
                if (_maskScratch.Length < pixels.Count) _maskScratch = new byte[pixels.Count];
                var mask = _maskScratch.AsSpan(0, pixels.Count);
                gdalBand.MaskBand.Read(window, mask, RasterDataType.Byte);
                for (var i = 0; i < mask.Length; i++)
                    if (mask[i] == 0) valid[i] = 0;
            }
        }
        if (validity) pixels.CountValid();
    }

    public void Dispose()
    {
        foreach (var dataset in _datasets.Values) dataset.Dispose();
        _datasets.Clear();
    }
}
