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
    /// <summary>1 where every band has a value at the pixel, 0 where any is missing.</summary>
    public byte[] Valid { get; private set; }
    public int ValidCount { get; private set; }

    public ReadOnlySpan<byte> RawBand(int band) => Raw[band].AsSpan(0, Count * Types[band].SizeInBytes());

    internal void Prepare(RasterWindow window)
    {
        Window = window;
        Count = checked((int)window.PixelCount);
        for (var b = 0; b < Raw.Length; b++)
        {
            var bytes = Count * Types[b].SizeInBytes();
            if (Raw[b] is null || Raw[b].Length < bytes) Raw[b] = new byte[bytes];
        }
        if (Valid.Length < Count) Valid = new byte[Count];
        Valid.AsSpan(0, Count).Fill(1);
    }

    internal void CountValid()
    {
        var n = 0;
        foreach (var v in Valid.AsSpan(0, Count)) n += v;
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
                _datasets[band.Path] = GdalDataset.Open(band.Path);
    }

    public void Read(RasterWindow window, WindowPixels pixels)
    {
        pixels.Prepare(window);
        var valid = pixels.Valid.AsSpan(0, pixels.Count);
        for (var b = 0; b < _bands.Count; b++)
        {
            var band = _bands[b];
            var gdalBand = _datasets[band.Path].GetBand(band.BandNumber);
            var raw = pixels.Raw[b].AsSpan(0, pixels.Count * band.DataType.SizeInBytes());
            gdalBand.Read(window, raw, band.DataType);
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
        pixels.CountValid();
    }

    public void Dispose()
    {
        foreach (var dataset in _datasets.Values) dataset.Dispose();
        _datasets.Clear();
    }
}
