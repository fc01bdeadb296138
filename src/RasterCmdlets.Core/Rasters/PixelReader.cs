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
    private double[] _maskValues = [];

    public PixelReader(IReadOnlyList<RasterBand> bands)
    {
        _bands = bands;
        try
        {
            foreach (var path in bands.SelectMany(b => b.MaskSource is { } m ? new[] { b.Path, m.Path } : [b.Path]))
                if (!_datasets.ContainsKey(path))
                    _datasets[path] = RasterIOException.Wrap(RasterIORole.OpenInput, RasterBand.FileOf(path), () => GdalDataset.OpenForStreaming(path));
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
                throw new RasterIOException(RasterIORole.ReadInput, RasterBand.FileOf(band.Path), e);
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
            if (band.MaskSource is { } source) ApplyMaskSource(source, pixels.Window, valid);
            if (band.OwnMask != MaskKind.MaskBand) continue;
            if (_maskScratch.Length < pixels.Count) _maskScratch = new byte[pixels.Count];
            var mask = _maskScratch.AsSpan(0, pixels.Count);
            try
            {
                GdalBandOf(band).MaskBand.Read(pixels.Window, mask, RasterDataType.Byte);
            }
            catch (GdalException e)
            {
                throw new RasterIOException(RasterIORole.ReadInput, RasterBand.FileOf(band.Path), e);
            }
            for (var i = 0; i < mask.Length; i++)
                if (mask[i] == 0) valid[i] = 0;
        }
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
            _datasets[source.Path].GetBand(source.BandNumber).Read(window, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), RasterDataType.Float64);
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

    private GdalBand GdalBandOf(RasterBand band) => _datasets[band.Path].GetBand(band.BandNumber);

    public void Dispose()
    {
        foreach (var dataset in _datasets.Values) dataset.Dispose();
        _datasets.Clear();
    }
}
