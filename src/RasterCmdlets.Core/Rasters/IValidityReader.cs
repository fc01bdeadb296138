namespace RasterCmdlets.Core.Rasters;

/// <summary>Reads the validity that lives in files rather than in the pixel values.</summary>
internal interface IValidityReader
{
    void ClearMaskedByMaskBand(RasterBand band, RasterWindow window, Span<byte> valid);

    void ClearMaskedByMaskRaster(RasterMaskSource source, RasterWindow window, Span<byte> valid);
}
