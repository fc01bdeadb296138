namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// The content of a raster to write, produced window by window from the windows of an input:
/// source pixels as they are, or class labels. The writer knows nothing else of what it writes.
/// </summary>
internal interface IWindowProducer
{
    /// <summary>The source whose windows drive the production; the output has its grid.</summary>
    IRasterSource Input { get; }
    RasterDataType DataType { get; }
    IReadOnlyList<OutputBandStyle> Bands { get; }
    /// <summary>What the writer is doing, for progress.</summary>
    string Activity { get; }

    /// <summary>The input's pixels kept by an earlier pass, for the writer to read instead of the input (and dispose of).</summary>
    KeptPixels? TakeKeptPixels();

    /// <summary>
    /// Fills each output band's bytes (<c>pixels.Count</c> values of <see cref="DataType"/>) from the
    /// window just read. Called on several worker threads at once.
    /// </summary>
    void Fill(WindowPixels pixels, byte[][] output);
}
