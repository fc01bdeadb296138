namespace RasterCmdlets.Core.Rasters;

/// <summary>The pixels of a band or stack as they are: one output band per source band.</summary>
internal sealed class SourcePixels : IWindowProducer
{
    public SourcePixels(IRasterSource source)
    {
        Input = source;
        var types = source.Bands.Select(b => b.DataType).Distinct().ToArray();
        // Bands of different types are written in the one type that holds them all.
        DataType = types.Length == 1 ? types[0] : RasterDataType.Float64;
        Bands = source.Bands.Select(Style).ToArray();
    }

    /// <summary>The band's NoData value, and its colour table and class names (a class map read from a file keeps them).</summary>
    private OutputBandStyle Style(RasterBand band)
    {
        var noData = band.NoDataValue is double nd && DataType.CanHold(nd) ? nd : (double?)null;
        using var dataset = RasterIOException.Wrap(RasterIORole.OpenInput, RasterBand.FileOf(band.Path), () => Gdal.GdalDataset.Open(band.Path));
        var gdalBand = dataset.GetBand(band.BandNumber);
        var colours = band.DataType == DataType && DataType is RasterDataType.Byte or RasterDataType.UInt16 ? gdalBand.ColorTable : null;
        return new OutputBandStyle(noData, colours, gdalBand.CategoryNames);
    }

    public IRasterSource Input { get; }
    public RasterDataType DataType { get; }
    public IReadOnlyList<OutputBandStyle> Bands { get; }
    public string Activity => "Writing pixels";
    public KeptPixels? TakeKeptPixels() => null;

    public void Fill(WindowPixels pixels, byte[][] output)
    {
        for (var b = 0; b < output.Length; b++)
        {
            var raw = pixels.RawBand(b);
            if (pixels.Types[b] == DataType)
            {
                raw.CopyTo(output[b]);
                continue;
            }
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(output[b].AsSpan(0, pixels.Count * sizeof(double)));
            for (var i = 0; i < values.Length; i++) values[i] = PixelMath.ValueAt(raw, pixels.Types[b], i);
        }
    }
}
