using System.Collections.ObjectModel;
using System.Numerics;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// A class map made by a K-means model: the source it classifies and the model that labels each
/// pixel, with the figures measured on that source. The labels are computed window by window when
/// the map is written, fused with the write.
/// </summary>
public sealed class ClassifiedRaster : ClassMap, IDisposable
{
    private readonly Lazy<PixelClassifier> _classifier;
    private KeptPixels? _kept;

    /// <summary>
    /// A class map of <paramref name="source"/> by <paramref name="model"/>, with the tally measured on
    /// that source: made by a fit (<see cref="KMeansFit.ClassMap"/>), by applying a model
    /// (<see cref="KMeansClassifier.Apply"/>), or restored from a serialised copy of one of those.
    /// </summary>
    public ClassifiedRaster(IRasterSource source, KMeansModel model, ClassTally tally) : this(source, model, tally, null)
    {
    }

    /// <param name="kept">The source's pixels kept by the pass that measured the tally, for the pass that writes the map.</param>
    internal ClassifiedRaster(IRasterSource source, KMeansModel model, ClassTally tally, KeptPixels? kept)
    {
        if (model.BandCount != source.Bands.Count || tally.ClassPixelCounts.Count != model.K)
            throw new ArgumentException($"A {model.K}-class model of {model.BandCount} band(s) cannot describe {source.Name} with {tally.ClassPixelCounts.Count} class counts.");
        Source = source;
        Model = model;
        ClassPixelCounts = new ReadOnlyCollection<long>(tally.ClassPixelCounts.ToArray());
        NoDataPixelCount = tally.NoDataPixelCount;
        Inertia = tally.Inertia;
        _classifier = new(() => new PixelClassifier(model.Centres, source.Bands, NoDataLabel));
        _kept = kept;
    }

    public override IRasterSource Source { get; }
    public KMeansModel Model { get; }
    public override int K => Model.K;
    public override IReadOnlyList<long> ClassPixelCounts { get; }
    public override long NoDataPixelCount { get; }
    public override IReadOnlyList<IReadOnlyList<double>> Centres => Model.Centres;

    /// <summary>Sum over this source's valid pixels of the squared distance to their class's centre.</summary>
    public double Inertia { get; }
    /// <summary>Lloyd iterations of the fit that made the model (1 for an exact fit).</summary>
    public int Iterations => Model.Iterations;
    public bool Converged => Model.Converged;

    internal override KeptPixels? TakeKeptPixels() => Interlocked.Exchange(ref _kept, null);

    /// <summary>
    /// Lets go of the pixels the fit kept (memory, or a temporary file) before the map is written or
    /// collected; the map can still be written afterwards, from the source.
    /// </summary>
    public void Dispose() => TakeKeptPixels()?.Dispose();

    internal override void Label<TLabel>(WindowPixels pixels, Span<TLabel> labels) => _classifier.Value.Classify(pixels, labels);

    public override string ToString() =>
        $"{Source.Name} in {K} classes (inertia {Inertia:G6}; pixels per class {string.Join(", ", ClassPixelCounts)})";
}
