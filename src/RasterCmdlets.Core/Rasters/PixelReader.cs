using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Reads windows of a source's bands. Owns its own GDAL datasets (one per file, opened at the first
/// read, so that a pass served from kept pixels opens nothing), and reads under its own lock: GDAL
/// datasets are not thread-safe, so each worker thread has its own reader, unless windows cut
/// blocks and the workers share one (see <see cref="WindowRunner"/>).
/// </summary>
internal sealed class PixelReader : IValidityReader, IDisposable
{
    private readonly IReadOnlyList<RasterBand> _bands;
    private readonly ValidityPlan _validity;
    private readonly Dictionary<string, GdalDataset> _datasets = new();
    private readonly Dictionary<string, DerivedBandReader?> _derived = new();
    private readonly object _gate = new();
    private byte[] _maskScratch = [];
    private double[] _maskValues = [];

    public PixelReader(IReadOnlyList<RasterBand> bands)
    {
        _bands = bands;
        _validity = ValidityPlan.Of(bands);
    }

    private GdalDataset DatasetOf(string path, string file)
    {
        if (!_datasets.TryGetValue(path, out var dataset))
            _datasets[path] = dataset = RasterIOException.Wrap(RasterIORole.OpenInput, file, () => GdalDataset.OpenForStreaming(path));
        return dataset;
    }

    /// <summary>A worker's window buffers, bound to this reader (which fills their validity on demand).</summary>
    public WindowPixels NewWindowBuffers() => new(this, _bands);

    /// <summary>The rule for which pixels of these bands are missing.</summary>
    public ValidityPlan Validity => _validity;

    /// <summary>Reads every band of <paramref name="window"/> in its native type.</summary>
    public void Read(RasterWindow window, WindowPixels pixels)
    {
        pixels.FilledBy(this);
        for (var b = 0; b < _bands.Count; b++)
        {
            var band = _bands[b];
            var raw = pixels.Prepare(window, b);
            try
            {
                // A derived band's reader reads its sources apart, each with datasets and locks of
                // its own: workers sharing this reader read at once, not under its lock.
                if (DerivedReaderOf(band) is { } derived)
                {
                    derived.Read(window, raw);
                    continue;
                }
                lock (_gate) GdalBandOf(band).Read(window, raw, band.DataType);
            }
            catch (GdalException e)
            {
                throw ReadFailure(band, e);
            }
        }
    }

    /// <summary>Clears the flags of pixels that the source's validity plan says are missing.</summary>
    internal void MarkMissing(WindowPixels pixels, Span<byte> valid) => _validity.MarkMissing(pixels, valid, this);

    /// <summary>Clears the flags of pixels that the validity plan says are missing in band <paramref name="band"/> alone.</summary>
    internal void MarkMissing(WindowPixels pixels, int band, Span<byte> valid) => _validity.MarkMissing(pixels, band, valid, this);

    /// <summary>Clears the flags of pixels that the band's GDAL mask (mask band, alpha, .msk) marks 0.</summary>
    public void ClearMaskedByMaskBand(RasterBand band, RasterWindow window, Span<byte> valid)
    {
        // The scratch buffers belong to the reader, which workers may share: held under its lock.
        lock (_gate) ApplyMaskBand(band, window, valid);
    }

    public void ClearMaskedByMaskRaster(RasterMaskSource source, RasterWindow window, Span<byte> valid)
    {
        lock (_gate) ApplyMaskSource(source, window, valid);
    }

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

    /// <summary>
    /// The failure to report for a read of <paramref name="band"/>: a VRT (a resampled or computed
    /// band) opens its files at its first read, so a file gone since is an open failure of that file.
    /// </summary>
    private static RasterIOException ReadFailure(RasterBand band, GdalException e)
    {
        if (RasterBand.IsVrtText(band.Path))
            foreach (var file in band.InputFiles)
            {
                try
                {
                    using var _ = GdalDataset.Open(file);
                }
                catch (GdalException gone)
                {
                    return new RasterIOException(RasterIORole.OpenInput, file, gone);
                }
            }
        return new RasterIOException(RasterIORole.ReadInput, RasterBand.FileOf(band.Path), e);
    }

    /// <summary>The reader of a band computed by one of the module's pixel functions, or null for any other band.</summary>
    private DerivedBandReader? DerivedReaderOf(RasterBand band)
    {
        if (!band.IsComputed || band.BandNumber != 1) return null;
        lock (_gate)
        {
            if (!_derived.TryGetValue(band.Path, out var reader)) _derived[band.Path] = reader = DerivedBandReader.For(band.Path);
            return reader;
        }
    }

    private GdalBand GdalBandOf(RasterBand band) => DatasetOf(band.Path, RasterBand.FileOf(band.Path)).GetBand(band.BandNumber);

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var dataset in _datasets.Values) dataset.Dispose();
            _datasets.Clear();
            foreach (var reader in _derived.Values) reader?.Dispose();
            _derived.Clear();
        }
    }
}
