using RasterCmdlets.Core.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>How GDAL tells valid pixels from missing ones for a band.</summary>
public enum MaskKind
{
    /// <summary>Every pixel is valid (apart from NaN in floating-point bands).</summary>
    AllValid,
    /// <summary>Pixels equal to the band's NoData value are missing.</summary>
    NoDataValue,
    /// <summary>A mask band (per-dataset mask, alpha band or .msk file) marks missing pixels with 0.</summary>
    MaskBand,
}

/// <summary>
/// One band of a raster file, described: where it is, its grid, type and NoData rule. Immutable;
/// pixels are read lazily by whoever consumes it.
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

    public string Path { get; }
    public int BandNumber { get; }
    public RasterGrid Grid { get; }
    public RasterDataType DataType { get; }
    public double? NoDataValue { get; }
    /// <summary>
    /// How missing pixels are told: <see cref="MaskKind.MaskBand"/> also when a mask raster was set
    /// (<see cref="MaskSource"/>), so that every consumer asks for the per-pixel validity.
    /// </summary>
    public MaskKind Mask => MaskSource is null ? OwnMask : MaskKind.MaskBand;
    /// <summary>The band's own rule, as GDAL reports it for its file.</summary>
    public MaskKind OwnMask { get; }
    /// <summary>Another raster whose values mark pixels of this band missing, or null.</summary>
    public RasterMaskSource? MaskSource { get; private init; }
    /// <summary>
    /// Physical value = raw × Scale + Offset (GDAL's band scale and offset, or a product's metadata):
    /// 1 and 0 where none is declared. Clustering works on raw values; spectral indices on physical ones.
    /// </summary>
    public double Scale { get; private init; } = 1;
    /// <inheritdoc cref="Scale"/>
    public double Offset { get; private init; }
    /// <summary>What a band of a satellite product (Get-Sentinel2Band) says of itself; null for an ordinary file's band.</summary>
    public ProductInfo? ProductInfo { get; private init; }
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
    public int BlockWidth { get; }
    public int BlockHeight { get; }
    public string Description { get; }
    public string Driver { get; }

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
    public RasterBand WithMask(RasterMaskSource source) =>
        new(Path, BandNumber, Grid, DataType, NoDataValue, OwnMask, BlockWidth, BlockHeight, Description, Driver)
        {
            MaskSource = source,
            Scale = Scale,
            Offset = Offset,
            ProductInfo = ProductInfo,
        };

    /// <summary><paramref name="warped"/> (this band on another grid) named after this band's file, keeping its mask raster.</summary>
    internal RasterBand AsResampled(RasterBand warped, RasterGrid grid) =>
        new(warped.Path, warped.BandNumber, grid, warped.DataType, warped.NoDataValue, warped.OwnMask,
            warped.BlockWidth, warped.BlockHeight, Description, Driver)
        {
            MaskSource = MaskSource,
            Scale = Scale,
            Offset = Offset,
            ProductInfo = ProductInfo,
        };

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

        var grid = new RasterGrid(dataset.Width, dataset.Height, dataset.GeoTransform,
            CoordinateReferenceSystem.FromWkt(dataset.ProjectionWkt));
        var driver = dataset.DriverName;
        var bands = new List<RasterBand>(wanted.Count);
        foreach (var n in wanted)
        {
            var band = dataset.GetBand(n);
            var type = band.DataType;
            if (type.IsComplex() || type == RasterDataType.Unknown)
                throw new RasterException("UnsupportedDataType", RasterErrorKind.NotSupported,
                    $"Band {n} of '{path}' is {type}; complex and unknown pixel types are not supported.");
            var (bw, bh) = band.BlockSize;
            var noData = band.NoDataValue;
            var flags = band.MaskFlags;
            var mask = (flags & GdalNative.GMF_ALL_VALID) != 0 ? MaskKind.AllValid
                : (flags & GdalNative.GMF_NODATA) != 0 ? MaskKind.NoDataValue
                : MaskKind.MaskBand;
            // A NoData value that the type cannot hold (255.5 on Byte) can never match: ignore it.
            if (noData is double nd && !double.IsNaN(nd) && !type.CanHold(nd)) { noData = null; if (mask == MaskKind.NoDataValue) mask = MaskKind.AllValid; }
            bands.Add(new RasterBand(path, n, grid, type, noData, mask, bw, bh, band.Description, driver)
            {
                Scale = band.Scale,
                Offset = band.Offset,
            });
        }
        return bands;
    }

    /// <summary>This band with a NoData value it does not declare itself (from a model fitted elsewhere).</summary>
    public RasterBand WithNoDataValue(double value) =>
        new(Path, BandNumber, Grid, DataType, value, OwnMask == MaskKind.MaskBand ? MaskKind.MaskBand : MaskKind.NoDataValue,
            BlockWidth, BlockHeight, Description, Driver)
        {
            MaskSource = MaskSource,
            Scale = Scale,
            Offset = Offset,
            ProductInfo = ProductInfo,
        };

    /// <summary>This band with another scale and offset (physical value = raw × scale + offset), e.g. from a product's metadata.</summary>
    public RasterBand WithScaleOffset(double scale, double offset) =>
        new(Path, BandNumber, Grid, DataType, NoDataValue, OwnMask, BlockWidth, BlockHeight, Description, Driver)
        {
            MaskSource = MaskSource,
            Scale = scale,
            Offset = offset,
            ProductInfo = ProductInfo,
        };

    /// <summary>This band described as <paramref name="info"/> says (a band of a satellite product).</summary>
    public RasterBand WithProductInfo(ProductInfo info) =>
        new(Path, BandNumber, Grid, DataType, NoDataValue, OwnMask, BlockWidth, BlockHeight, Description, Driver)
        {
            MaskSource = MaskSource,
            Scale = Scale,
            Offset = Offset,
            ProductInfo = info,
        };

    public override string ToString() => $"{FileName} band {BandNumber} ({Width}x{Height} {DataType})";
}
