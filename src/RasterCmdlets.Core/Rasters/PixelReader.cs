using RasterCmdlets.Core.Gdal;

namespace RasterCmdlets.Core.Rasters;

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
        try
        {
            foreach (var band in bands)
                if (!_datasets.ContainsKey(band.Path))
                    _datasets[band.Path] = RasterIOException.Wrap(RasterIORole.OpenInput, band.Path, () => GdalDataset.OpenForStreaming(band.Path));
        }
        catch
        {
            Dispose();
            throw;
        }
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
            try
            {
                GdalBandOf(band).Read(window, raw, band.DataType);
            }
            catch (GdalException e)
            {
                throw new RasterIOException(RasterIORole.ReadInput, band.Path, e);
            }
        }
    }

    /// <summary>Clears the flags of pixels that are NoData, NaN or masked in any band.</summary>
    internal void MarkMissing(WindowPixels pixels, Span<byte> valid)
    {
        for (var b = 0; b < _bands.Count; b++)
        {
            var band = _bands[b];
            PixelMath.ApplyNoData(pixels.RawBand(b), band.DataType, band.NoDataValue, valid);
            if (band.Mask != MaskKind.MaskBand) continue;
            if (_maskScratch.Length < pixels.Count) _maskScratch = new byte[pixels.Count];
            var mask = _maskScratch.AsSpan(0, pixels.Count);
            try
            {
                GdalBandOf(band).MaskBand.Read(pixels.Window, mask, RasterDataType.Byte);
            }
            catch (GdalException e)
            {
                throw new RasterIOException(RasterIORole.ReadInput, band.Path, e);
            }
            for (var i = 0; i < mask.Length; i++)
                if (mask[i] == 0) valid[i] = 0;
        }
    }

    private GdalBand GdalBandOf(RasterBand band) => _datasets[band.Path].GetBand(band.BandNumber);

    public void Dispose()
    {
        foreach (var dataset in _datasets.Values) dataset.Dispose();
        _datasets.Clear();
    }
}
