using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// One band of a raster file, described: where it is, its grid, type and NoData rule. Immutable
/// (its setters are private, used only on a fresh copy by <see cref="With"/>); pixels are read
/// lazily by whoever consumes it.
/// </summary>
public sealed class RasterBand : IRasterSource
{
    public RasterBand(string path, int bandNumber, RasterGrid grid, RasterDataType dataType, double? noDataValue,
        MaskKind mask, int blockWidth, int blockHeight, string description, string driver)
    {
        Path = path;
        BandNumber = bandNumber;
        Grid = grid;
        DataType = dataType;
        NoDataValue = noDataValue;
        OwnMask = mask;
        BlockWidth = blockWidth;
        BlockHeight = blockHeight;
        Description = description;
        Driver = driver;
    }

    public string Path { get; private set; }
    public int BandNumber { get; private set; }
    public RasterGrid Grid { get; private set; }
    public RasterDataType DataType { get; private set; }
    public double? NoDataValue { get; private set; }
    /// <summary>
    /// How missing pixels are told: <see cref="MaskKind.MaskBand"/> also when a mask raster was set
    /// (<see cref="MaskSource"/>), so that every consumer asks for the per-pixel validity.
    /// </summary>
    public MaskKind Mask => MaskSource is null ? OwnMask : MaskKind.MaskBand;
    /// <summary>The band's own rule, as GDAL reports it for its file.</summary>
    public MaskKind OwnMask { get; private set; }
    /// <summary>Another raster whose values mark pixels of this band missing, or null.</summary>
    public RasterMaskSource? MaskSource { get; private set; }
    /// <summary>
    /// Physical value = raw × Scale + Offset (GDAL's band scale and offset, or a product's metadata):
    /// 1 and 0 where none is declared. Clustering works on raw values; spectral indices on physical ones.
    /// </summary>
    public double Scale { get; private set; } = 1;
    /// <inheritdoc cref="Scale"/>
    public double Offset { get; private set; }
    /// <summary>What a band of a satellite product (Get-Sentinel2Band) says of itself; null for an ordinary file's band.</summary>
    public ProductInfo? ProductInfo { get; private set; }
    /// <summary>The band's name in its product (B08), or null.</summary>
    public string? Name => ProductInfo?.Name;
    /// <summary>The product's name, or null.</summary>
    public string? Product => ProductInfo?.Product;
    /// <summary>The product's processing level (L1C, L2A), or null.</summary>
    public string? Level => ProductInfo?.Level;
    /// <summary>When the scene was sensed (UTC), or null.</summary>
    public DateTime? SensingTime => ProductInfo?.SensingTime;
    /// <summary>The product's tile (T30STF), or null.</summary>
    public string? Tile => ProductInfo?.Tile;
    /// <summary>The product's processing baseline (05.09), or null.</summary>
    public string? ProcessingBaseline => ProductInfo?.ProcessingBaseline;
    /// <summary>
    /// For a band resampled onto another grid (whose Path is a VRT's XML text): the file it is read
    /// from. Read from the XML itself, so that it survives serialisation with the Path.
    /// </summary>
    public string? ResampledFrom => IsVrtText(Path) ? SourceFileOf(Path) : null;

    /// <summary>The files this band's pixels and validity are read from (for refusing to write over them).</summary>
    public IEnumerable<string> InputFiles =>
        (IsComputed ? SourceFilesOf(Path) : [ResampledFrom ?? Path]).Concat(MaskSource is { } m ? [m.File] : []);

    /// <summary>
    /// True for a band computed from others by a GDAL pixel function at every read (a spectral
    /// index: its Path is the XML text of a VRT with a derived band).
    /// </summary>
    public bool IsComputed => IsVrtText(Path) && Path.Contains("VRTDerivedRasterBand", StringComparison.Ordinal);

    /// <summary>Every file a VRT's XML text reads, through nested VRTs.</summary>
    private static IEnumerable<string> SourceFilesOf(string vrt)
    {
        try
        {
            return System.Xml.Linq.XDocument.Parse(vrt).Descendants()
                .Where(e => e.Name == "SourceDataset" || e.Name == "SourceFilename")
                .SelectMany(e => IsVrtText(e.Value) ? SourceFilesOf(e.Value) : [e.Value])
                .Distinct().ToArray();
        }
        catch (System.Xml.XmlException)
        {
            return [vrt];
        }
    }

    /// <summary>The file a path reads: itself, or the source of a VRT's XML text (errors name files, not XML).</summary>
    internal static string FileOf(string path) => IsVrtText(path) ? SourceFileOf(path) ?? path : path;

    private static string? SourceFileOf(string vrt)
    {
        try
        {
            var source = System.Xml.Linq.XDocument.Parse(vrt).Descendants()
                .FirstOrDefault(e => e.Name == "SourceDataset" || e.Name == "SourceFilename")?.Value;
            return source is not null && IsVrtText(source) ? SourceFileOf(source) : source;
        }
        catch (System.Xml.XmlException)
        {
            return null; // not a warped VRT of ours: the band is named after its Path, as any other
        }
    }
    public int BlockWidth { get; private set; }
    public int BlockHeight { get; private set; }
    /// <summary>
    /// The class names of a class-map file (GDAL's category names, as Export-GeoTiff -ClassName
    /// writes them), class 0 first; empty when the file has none. Cmdlets that name classes use
    /// them when no -ClassName is given, as they use a class map's own.
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; private set; } = [];
    public string Description { get; private set; }
    public string Driver { get; private set; }

    private static readonly string[] JpegTwoThousandDrivers = ["JP2OpenJPEG", "JP2KAK", "JP2ECW", "JP2MrSID", "JPEG2000"];

    /// <summary>True for JPEG 2000, which decodes slowly and a block per request at its fastest.</summary>
    internal bool IsJpeg2000 => JpegTwoThousandDrivers.Contains(Driver)
        // An index computed from JPEG 2000 bands (on the finest one's blocks) is read as they are.
        || (IsComputed && Path.Contains(".jp2</SourceFilename>", StringComparison.OrdinalIgnoreCase));

    /// <summary>Bytes of one decoded block (a block reported larger than the raster is the raster).</summary>
    internal long BlockBytes => (long)Math.Min(BlockWidth, Width) * Math.Min(BlockHeight, Height) * DataType.SizeInBytes();

    /// <summary>
    /// True when a block holds more than a window (a single compressed strip): windows then cut it,
    /// and a reader of its own per worker would decode the whole block again in each.
    /// </summary>
    internal bool HasBlocksLargerThanAWindow => (long)Math.Min(BlockWidth, Width) * Math.Min(BlockHeight, Height) > RasterWindow.TargetPixels;

    public int Width => Grid.Width;
    public int Height => Grid.Height;
    public GeoTransform? GeoTransform => Grid.GeoTransform;
    public CoordinateReferenceSystem Crs => Grid.Crs;
    public int? Epsg => Grid.Crs.Epsg;
    public string FileName => System.IO.Path.GetFileName(ResampledFrom ?? Path);

    IReadOnlyList<RasterBand> IRasterSource.Bands => [this];
    string IRasterSource.Name => $"{FileName} band {BandNumber}";

    /// <summary>How many bands the raster at <paramref name="path"/> has (for argument completion).</summary>
    public static int CountBands(string path)
    {
        using var dataset = RasterIOException.Wrap(RasterIORole.OpenInput, path, () => GdalDataset.Open(path));
        return dataset.BandCount;
    }

    /// <summary>
    /// Describes bands of the raster at <paramref name="path"/>: all of them when <paramref name="bandNumbers"/>
    /// is null or empty. Reads the header only.
    /// </summary>
    /// <summary>True when <paramref name="path"/> is a VRT's XML text rather than a file name (GDAL opens both).</summary>
    public static bool IsVrtText(string path) => path.StartsWith("<VRTDataset", StringComparison.Ordinal);

    public static IReadOnlyList<RasterBand> Open(string path, IReadOnlyList<int>? bandNumbers = null) =>
        RasterIOException.Wrap(RasterIORole.OpenInput, path, () => Describe(path, bandNumbers));

    /// <summary>
    /// This band resampled (and reprojected) by GDAL's warper onto <paramref name="target"/>: a band
    /// whose Path is a warped VRT's XML text, opened by each reader like any file. Pixels outside
    /// this band's footprint are missing (its NoData value, or an alpha band when it has none).
    /// </summary>
    public RasterBand ResampledOnto(RasterGrid target, RasterResampling resampling) =>
        RasterWarp.Onto(this, target, resampling, markOutside: true);

    /// <summary>This band with pixels marked missing wherever <paramref name="source"/> has one of its values.</summary>
    public RasterBand WithMask(RasterMaskSource source) => With(b => b.MaskSource = source);

    /// <summary><paramref name="warped"/> (this band on another grid) named after this band's file, keeping its mask raster.</summary>
    internal RasterBand AsResampled(RasterBand warped, RasterGrid grid) => With(b =>
    {
        (b.Path, b.BandNumber, b.Grid, b.DataType) = (warped.Path, warped.BandNumber, grid, warped.DataType);
        (b.NoDataValue, b.OwnMask, b.BlockWidth, b.BlockHeight) = (warped.NoDataValue, warped.OwnMask, warped.BlockWidth, warped.BlockHeight);
    });

    private static IReadOnlyList<RasterBand> Describe(string path, IReadOnlyList<int>? bandNumbers)
    {
        using var dataset = GdalDataset.Open(path);
        var count = dataset.BandCount;
        if (count == 0)
            throw new RasterException("NoRasterBands", RasterErrorKind.InvalidData, $"'{path}' has no raster bands.");
        var wanted = bandNumbers is { Count: > 0 } ? bandNumbers : Enumerable.Range(1, count).ToArray();
        foreach (var n in wanted)
            if (n < 1 || n > count)
                throw new RasterException("BandOutOfRange", RasterErrorKind.InvalidArgument,
                    $"Band {n} does not exist in '{path}': it has {count} band{(count == 1 ? "" : "s")}, numbered from 1.");

        var grid = new RasterGrid(dataset.Width, dataset.Height, GdalBridge.GeoTransformOf(dataset),
            CoordinateReferenceSystem.FromWkt(dataset.ProjectionWkt));
        var driver = dataset.DriverName;
        var bands = new List<RasterBand>(wanted.Count);
        foreach (var n in wanted)
        {
            var band = dataset.GetBand(n);
            var type = band.DataType.ToRaster();
            if (type.IsComplex() || type == RasterDataType.Unknown)
                throw new RasterException("UnsupportedDataType", RasterErrorKind.NotSupported,
                    $"Band {n} of '{path}' is {type}; complex and unknown pixel types are not supported.");
            var (bw, bh) = band.BlockSize;
            var noData = band.NoDataValue;
            var flags = band.MaskFlags;
            var mask = flags.HasFlag(GdalMaskFlags.AllValid) ? MaskKind.AllValid
                : flags.HasFlag(GdalMaskFlags.NoData) ? MaskKind.NoDataValue
                : MaskKind.MaskBand;
            // A NoData value that the type cannot hold (255.5 or NaN on Byte) can never match: ignore it.
            if (noData is not null && ValidityPlan.UsableNoData(type, noData) is null)
            {
                noData = null;
                if (mask == MaskKind.NoDataValue) mask = MaskKind.AllValid;
            }
            // Only integer bands are class maps; a float band's categories (rare) name no class.
            var classNames = type.IsHistogrammable() ? band.CategoryNames : [];
            bands.Add(new RasterBand(path, n, grid, type, noData, mask, bw, bh, band.Description, driver)
            {
                Scale = band.Scale,
                Offset = band.Offset,
                ClassNames = classNames,
            });
        }
        return bands;
    }

    /// <summary>This band with class names its file does not hold (a copy from another process, whose file lost its sidecar).</summary>
    public RasterBand WithClassNames(IReadOnlyList<string> names) => With(b => b.ClassNames = names.ToArray());

    /// <summary>This band with a NoData value it does not declare itself (from a model fitted elsewhere).</summary>
    public RasterBand WithNoDataValue(double value) => With(b =>
    {
        b.NoDataValue = value;
        b.OwnMask = OwnMask == MaskKind.MaskBand ? MaskKind.MaskBand : MaskKind.NoDataValue;
    });

    /// <summary>This band with another scale and offset (physical value = raw × scale + offset), e.g. from a product's metadata.</summary>
    public RasterBand WithScaleOffset(double scale, double offset) => With(b => (b.Scale, b.Offset) = (scale, offset));

    /// <summary>This band described as <paramref name="info"/> says (a band of a satellite product).</summary>
    public RasterBand WithProductInfo(ProductInfo info) => With(b => b.ProductInfo = info);

    /// <summary>
    /// A copy of this band with <paramref name="change"/> made: the one place bands are copied, so a
    /// property added to the band travels through every copy (masked, warped, named) by itself.
    /// </summary>
    private RasterBand With(Action<RasterBand> change)
    {
        var copy = (RasterBand)MemberwiseClone();
        change(copy);
        return copy;
    }

    public override string ToString() => $"{FileName} band {BandNumber} ({Width}x{Height} {DataType})";
}
