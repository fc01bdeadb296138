using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// A fit: the model, and the labels it gives the source it was fitted on. A fitter labels its own
/// source with the rules of <see cref="PixelClassifier"/> as it measures the fit, so this tally is
/// exactly what applying the model to the source would measure, without reading the pixels again.
/// Immutable: its class map is made with it, once.
/// </summary>
public sealed class KMeansFit
{
    /// <param name="kept">The source's decoded pixels, kept by the fit for the pass that writes the class map.</param>
    internal KMeansFit(IRasterSource source, KMeansModel model, ClassTally tally, KeptPixels? kept = null)
    {
        Source = source;
        Model = model;
        Tally = tally;
        ClassMap = new ClassifiedRaster(source, model, tally, kept);
    }

    public IRasterSource Source { get; }
    public KMeansModel Model { get; }
    public ClassTally Tally { get; }

    /// <summary>The class map of the source fitted (one map, which holds the pixels the fit kept).</summary>
    public ClassifiedRaster ClassMap { get; }

    /// <summary>This fit, its class map holding <paramref name="kept"/>.</summary>
    internal KMeansFit WithKept(KeptPixels? kept) => kept is null ? this : new(Source, Model, Tally, kept);
}
