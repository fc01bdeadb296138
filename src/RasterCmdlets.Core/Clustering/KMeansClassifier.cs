using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Applies a fitted model to a raster without refitting: one streamed pass counts the pixels of
/// each class; the labels themselves are computed again, identically, when the map is written.
/// Each pixel's label depends on its values alone, so a window cut from a raster gets exactly the
/// labels it has in the classification of the whole.
/// </summary>
public static class KMeansClassifier
{
    public static ClassifiedRaster Apply(IRasterSource source, KMeansModel model, ProgressReporter? progress = null,
        CancellationToken cancellation = default)
    {
        if (model.BandCount != source.Bands.Count)
            throw new RasterException("BandCountMismatch", RasterErrorKind.Mismatch,
                $"The model was fitted on {model.BandCount} band(s) but {source.Name} has {source.Bands.Count}.");
        source = WithModelNoData(source, model);
        var classifier = new PixelClassifier(model, source.Bands.Select(b => b.DataType).ToArray(), source.Bands, ushort.MaxValue);
        var counts = new long[model.K];
        var windows = WindowRunner.WindowsOf(source).Count;
        WindowRunner.Run(source, pixels =>
        {
            var labels = new ushort[pixels.Count];
            classifier.Classify<ushort>(pixels, labels);
            var partial = new long[model.K];
            foreach (var label in labels)
                if (label != ushort.MaxValue) partial[label]++;
            return partial;
        }, (index, _, partial) =>
        {
            for (var k = 0; k < partial.Length; k++) counts[k] += partial[k];
            progress?.Invoke("Classifying with the model", (index + 1.0) / windows);
        }, cancellation, classifier.NeedsValidity);
        return new ClassifiedRaster(source, model, counts, source.Grid.PixelCount - counts.Sum());
    }

    /// <summary>Bands that declare no NoData value take the one the model was fitted with.</summary>
    private static IRasterSource WithModelNoData(IRasterSource source, KMeansModel model)
    {
        var bands = source.Bands.Select((band, i) =>
            band.NoDataValue is null && model.NoDataValues[i] is double nd && band.DataType.CanHold(nd) ? band.WithNoDataValue(nd) : band).ToArray();
        if (bands.SequenceEqual(source.Bands)) return source;
        return source is RasterBand ? bands[0] : RasterStack.Join(bands);
    }
}
