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

/// <summary>The map's labels as the writer takes them, with its colour table and category names.</summary>
internal sealed class ClassMapLabels(ClassMap map, IReadOnlyList<string> names) : IWindowProducer
{
    public IRasterSource Input => map.Source;
    public RasterDataType DataType => map.LabelDataType;
    public string Activity => "Writing classes";
    public KeptPixels? TakeKeptPixels() => map.TakeKeptPixels();

    public IReadOnlyList<OutputBandStyle> Bands =>
    [
        new(map.NoDataPixelCount > 0 ? map.NoDataLabel : null, DataType == RasterDataType.Byte ? map.Colours : null, names),
    ];

    public void Fill(WindowPixels pixels, byte[][] output)
    {
        if (DataType == RasterDataType.Byte) map.Label<byte>(pixels, output[0].AsSpan(0, pixels.Count));
        else map.Label<ushort>(pixels, MemoryMarshal.Cast<byte, ushort>(output[0].AsSpan(0, pixels.Count * 2)));
    }
}

/// <summary>A fixed, distinguishable palette for class maps, so that viewers show classes at once.</summary>
public static class ClassColours
{
    private static readonly (byte, byte, byte)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    /// <summary>256 entries: the palette repeated for the K classes, transparent black after them.</summary>
    public static IReadOnlyList<(byte R, byte G, byte B, byte A)> For(int k)
    {
        var colours = new List<(byte, byte, byte, byte)>();
        for (var i = 0; i < 256; i++)
        {
            var (r, g, b) = Palette[i % Palette.Length];
            colours.Add(i < k ? (r, g, b, (byte)255) : ((byte)0, (byte)0, (byte)0, (byte)0));
        }
        return colours;
    }
}
