using RasterCmdlets.Core.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Reads windows of a source's bands. Owns its own GDAL datasets (one per file, opened at the first
/// read, so that a pass served from kept pixels opens nothing), and reads under its own lock: GDAL
/// datasets are not thread-safe, so each worker thread has its own reader, unless windows cut
/// blocks and the workers share one (see <see cref="WindowRunner"/>).
/// </summary>
internal sealed class PixelReader : IDisposable
{
    private readonly IReadOnlyList<RasterBand> _bands;
    private readonly Dictionary<string, GdalDataset> _datasets = new();
    private readonly object _gate = new();
    private byte[] _maskScratch = [];
    private double[] _maskValues = [];

    public PixelReader(IReadOnlyList<RasterBand> bands)
    {
        _bands = bands;
    }

    private GdalDataset DatasetOf(string path, string file)
    {
        if (!_datasets.TryGetValue(path, out var dataset))
            _datasets[path] = dataset = RasterIOException.Wrap(RasterIORole.OpenInput, file, () => GdalDataset.OpenForStreaming(path));
        return dataset;
    }

    /// <summary>A worker's window buffers, bound to this reader (which fills their validity on demand).</summary>
    public WindowPixels NewWindowBuffers() => new(this, _bands);

    /// <summary>Reads every band of <paramref name="window"/> in its native type.</summary>
    public void Read(RasterWindow window, WindowPixels pixels)
    {
        for (var b = 0; b < _bands.Count; b++)
        {
            var band = _bands[b];
            var raw = pixels.Prepare(window, b);
            lock (_gate)
            {
                try
                {
                    GdalBandOf(band).Read(window, raw, band.DataType);
                }
                catch (GdalException e)
                {
                    throw new RasterIOException(RasterIORole.ReadInput, RasterBand.FileOf(band.Path), e);
                }
            }
        }
    }

    /// <summary>Clears the flags of pixels that are NoData, NaN or masked in any band.</summary>
    internal void MarkMissing(WindowPixels pixels, Span<byte> valid)
    {
        for (var b = 0; b < _bands.Count; b++) MarkMissing(pixels, b, valid);
    }

    /// <summary>Clears the flags of pixels that are NoData, NaN or masked in band <paramref name="b"/>.</summary>
    internal void MarkMissing(WindowPixels pixels, int b, Span<byte> valid)
    {
        var band = _bands[b];
        PixelMath.ApplyNoData(pixels.RawBand(b), band.DataType, band.NoDataValue, valid);
        if (band.MaskSource is null && band.OwnMask != MaskKind.MaskBand) return;
        // The scratch buffers belong to the reader, which workers may share: held under its lock.
        lock (_gate)
        {
            if (band.MaskSource is { } source) ApplyMaskSource(source, pixels.Window, valid);
            if (band.OwnMask == MaskKind.MaskBand) ApplyMaskBand(band, pixels.Window, valid);
        }
    }

    /// <summary>Clears the flags of pixels that the band's GDAL mask (mask band, alpha, .msk) marks 0.</summary>
    private void ApplyMaskBand(RasterBand band, RasterWindow window, Span<byte> valid)
    {
        if (_maskScratch.Length < valid.Length) _maskScratch = new byte[valid.Length];
        var mask = _maskScratch.AsSpan(0, valid.Length);
        try
        {
            GdalBandOf(band).MaskBand.Read(window, mask, RasterDataType.Byte);
        }
        catch (GdalException e)
        {
            throw new RasterIOException(RasterIORole.ReadInput, RasterBand.FileOf(band.Path), e);
        }
        for (var i = 0; i < mask.Length; i++)
            if (mask[i] == 0) valid[i] = 0;
    }

    /// <summary>Clears the flags of pixels where the mask raster holds one of its values.</summary>
    private void ApplyMaskSource(RasterMaskSource source, RasterWindow window, Span<byte> valid)
    {
        // Read as Float64 whatever the mask's type: its values compare exactly, and a window of
        // doubles is small beside the bands it masks.
        if (_maskValues.Length < valid.Length) _maskValues = new double[valid.Length];
        var values = _maskValues.AsSpan(0, valid.Length);
        try
        {
            DatasetOf(source.Path, source.File).GetBand(source.BandNumber)
                .Read(window, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), RasterDataType.Float64);
        }
        catch (GdalException e)
        {
            throw new RasterIOException(RasterIORole.ReadInput, source.File, e);
        }
        var masked = source.Values;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            for (var k = 0; k < masked.Count; k++)
                if (v == masked[k]) { valid[i] = 0; break; }
        }
    }

    private GdalBand GdalBandOf(RasterBand band) => DatasetOf(band.Path, RasterBand.FileOf(band.Path)).GetBand(band.BandNumber);

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var dataset in _datasets.Values) dataset.Dispose();
            _datasets.Clear();
        }
    }
}
