using System.Numerics;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// A raster of class labels described, not held: its grid, how many pixels each class has, and how
/// the labels of a window are computed from the windows of an input. Everything a class map is
/// written or measured with lives here: the label type, the NoData label, the colour table, the
/// category names, the class rows with their areas.
/// </summary>
public abstract class ClassMap
{
    /// <summary>The source whose windows are labelled; the map has its grid.</summary>
    public abstract IRasterSource Source { get; }
    /// <summary>Number of classes: labels run from 0 to K - 1.</summary>
    public abstract int K { get; }
    /// <summary>Pixels in each class, class 0 first.</summary>
    public abstract IReadOnlyList<long> ClassPixelCounts { get; }
    /// <summary>Pixels that have no class (NoData, NaN, masked): they stay NoData in the output.</summary>
    public abstract long NoDataPixelCount { get; }
    /// <summary>The value each class stands for, where there is one (a cluster's centre).</summary>
    public virtual IReadOnlyList<IReadOnlyList<double>>? Centres => null;
    /// <summary>The names the map gives its classes itself (a change map's "Water → Land"), written and measured unless others are given.</summary>
    public virtual IReadOnlyList<string> ClassNames => [];
    /// <summary>The colour table written with Byte labels: 256 entries, class 0 first.</summary>
    public virtual IReadOnlyList<(byte R, byte G, byte B, byte A)> Colours => ClassColours.For(K);

    /// <summary>Labels every pixel of a window: its class, or <see cref="NoDataLabel"/> where it has none.</summary>
    internal abstract void Label<TLabel>(WindowPixels pixels, Span<TLabel> labels)
        where TLabel : unmanaged, IBinaryInteger<TLabel>;

    public RasterGrid Grid => Source.Grid;
    public int Width => Grid.Width;
    public int Height => Grid.Height;
    public GeoTransform? GeoTransform => Grid.GeoTransform;
    public CoordinateReferenceSystem Crs => Grid.Crs;

    /// <summary>The file of the first band classified, for naming outputs in batches.</summary>
    public string SourcePath => Source.Bands[0].Path;

    /// <summary>The output pixel type: Byte while the classes and the NoData label fit in it.</summary>
    public RasterDataType LabelDataType => K + (NoDataPixelCount > 0 ? 1 : 0) <= 256 ? RasterDataType.Byte : RasterDataType.UInt16;

    /// <summary>The label written where pixels are missing: the largest value of the label type.</summary>
    public ushort NoDataLabel => LabelDataType == RasterDataType.Byte ? (ushort)255 : ushort.MaxValue;

    private IReadOnlyList<RasterClass>? _classes;

    /// <summary>
    /// One row per class (pixels, share, centre, area) and a last row for missing pixels. Measured
    /// once: on a geographic grid it reads every pixel, and a list view asks for it again and again.
    /// </summary>
    public IReadOnlyList<RasterClass> Classes => _classes ??= ClassAreas.Measure(this, ClassNames).Rows;

    /// <summary>Refuses class names that do not name every class once.</summary>
    public void CheckClassNames(IReadOnlyList<string> names)
    {
        if (names.Count > 0 && names.Count != K)
            throw new RasterException("ClassNameCountMismatch", RasterErrorKind.InvalidArgument, $"{names.Count} class names were given for {K} classes.");
    }

    /// <summary>
    /// The source's pixels kept by the pass that made the map, handed over once, to the first pass
    /// that writes it (which disposes of them when it ends); later passes read the source.
    /// </summary>
    internal virtual KeptPixels? TakeKeptPixels() => null;

    /// <summary>Writes the map as a GeoTIFF: labels computed window by window as they are written.</summary>
    public void WriteGeoTiff(string path, GeoTiffOptions options, IReadOnlyList<string>? classNames = null,
        ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        var names = classNames is { Count: > 0 } ? classNames : ClassNames;
        CheckClassNames(names);
        GeoTiffWriter.Write(new ClassMapLabels(this, names), path, options, progress, cancellation);
    }
}
