using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Applies a fitted model to a source without refitting: one streamed pass measures the labels it
/// gives that source (class counts, and the squared distances to the class centres); the labels
/// themselves are computed again, identically, when the map is written. Each pixel's label depends
/// on its values alone, so a window cut from a raster gets exactly the labels it has in the
/// classification of the whole.
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
        var kept = KeptPixels.For(source);
        try
        {
            var tally = source.Bands.Count == 1
                ? OneBandFitter.Tally(source.Bands[0], new ValueThresholds(model.Centres.Select(c => c[0]).ToArray()), progress, cancellation, kept)
                : LloydFitter.Tally(source, model.Centres, progress, cancellation, kept);
            return new ClassifiedRaster(source, model, tally, kept);
        }
        catch
        {
            kept?.Dispose();
            throw;
        }
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
