namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Pixels described, not held: a band or a stack of bands on one grid. Each band is a feature of
/// every pixel; <see cref="PixelReader"/> reads them window by window.
/// </summary>
public interface IRasterSource
{
    RasterGrid Grid { get; }
    IReadOnlyList<RasterBand> Bands { get; }

    /// <summary>A short name for messages and output file naming.</summary>
    string Name { get; }
}
