using System.Collections.ObjectModel;
using RasterCmdlets.Core.Clustering;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// A class map described, not held: the source it classifies and the model that labels each pixel.
/// The labels are computed window by window when the map is written, fused with the write.
/// </summary>
public sealed class ClassifiedRaster
{
    public ClassifiedRaster(IRasterSource source, KMeansModel model, IReadOnlyList<long> classPixelCounts, long noDataPixelCount)
    {
        if (model.BandCount != source.Bands.Count)
            throw new RasterException("BandCountMismatch", RasterErrorKind.Mismatch,
                $"The model was fitted on {model.BandCount} band(s) but {source.Name} has {source.Bands.Count}.");
        Source = source;
        Model = model;
        ClassPixelCounts = new ReadOnlyCollection<long>(classPixelCounts.ToArray());
        NoDataPixelCount = noDataPixelCount;
    }

    public IRasterSource Source { get; }
    public KMeansModel Model { get; }
    /// <summary>Pixels in each class, class 0 first.</summary>
    public IReadOnlyList<long> ClassPixelCounts { get; }
    /// <summary>Pixels that took no part (NoData, NaN, masked): they stay NoData in the output.</summary>
    public long NoDataPixelCount { get; }

    /// <summary>One row per class: pixels, share, centre and area (projected grids; Measure-RasterClass handles geographic ones).</summary>
    public IReadOnlyList<RasterClass> Classes => RasterClass.Tabulate(Grid, ClassPixelCounts, Model.Centres);

    /// <summary>The file of the first band classified, for naming outputs in batches.</summary>
    public string SourcePath => Source.Bands[0].Path;

    public RasterGrid Grid => Source.Grid;
    public int K => Model.K;
    public int Width => Grid.Width;
    public int Height => Grid.Height;
    public GeoTransform? GeoTransform => Grid.GeoTransform;
    public CoordinateReferenceSystem Crs => Grid.Crs;
    public double Inertia => Model.Inertia;
    public int Iterations => Model.Iterations;
    public bool Converged => Model.Converged;

    /// <summary>The output pixel type: Byte while the classes and the NoData label fit in it.</summary>
    public RasterDataType LabelDataType => K + (NoDataPixelCount > 0 ? 1 : 0) <= 256 ? RasterDataType.Byte : RasterDataType.UInt16;

    /// <summary>The label written where pixels are missing: the largest value of the label type.</summary>
    public ushort NoDataLabel => LabelDataType == RasterDataType.Byte ? (ushort)255 : ushort.MaxValue;

    public override string ToString() =>
        $"{Source.Name} in {K} classes (inertia {Inertia:G6}; pixels per class {string.Join(", ", ClassPixelCounts)})";
}
