using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Sentinel2;

/// <summary>
/// What a product's MTD_MSIL1C.xml or MTD_MSIL2A.xml says of it: name, level, sensing time, tile,
/// processing baseline, radiometric scaling (quantification value and per-band offsets), the NODATA
/// special value and its images. Immutable; parsed from the file's bytes, nothing else read.
/// </summary>
public sealed partial record Sentinel2Metadata(
    string Product, string Level, DateTime? SensingTime, string? Tile, string ProcessingBaseline,
    double QuantificationValue, IReadOnlyDictionary<string, double> Offsets, double NoDataValue,
    IReadOnlyList<Sentinel2ImageFile> ImageFiles)
{
    /// <summary>The baseline from which products carry an offset list (January 2022).</summary>
    private static readonly Version FirstWithOffsets = new(4, 0);

    /// <summary>The offset of a spectral band's digital numbers (0 for SCL and before baseline 04.00).</summary>
    public double OffsetOf(string band) => Offsets.TryGetValue(band, out var offset) ? offset : 0;

    /// <summary>Parses the metadata; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="RasterException">NotSentinel2Product when it is XML of something else; DamagedProduct when it cannot be read as one.</exception>
    public static Sentinel2Metadata Parse(byte[] xml, string source)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(xml);
            document = XDocument.Load(XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
        }
        catch (XmlException e)
        {
            throw Damaged(source, $"it is not well-formed XML ({e.Message})");
        }

        var root = document.Root!;
        var level = root.Name.LocalName switch
        {
            "Level-2A_User_Product" => "L2A",
            "Level-1C_User_Product" => "L1C",
            _ => throw new RasterException("NotSentinel2Product", RasterErrorKind.InvalidArgument,
                $"'{source}' is not the metadata of a Sentinel-2 Level-1C or Level-2A product (its root element is {root.Name.LocalName})."),
        };

        var uri = Text(root, "PRODUCT_URI");
        var product = uri is null ? ProductFolderName(source) : Regex.Replace(uri, @"\.SAFE$", "", RegexOptions.IgnoreCase);
        var baseline = Text(root, "PROCESSING_BASELINE") ?? throw Damaged(source, "it has no PROCESSING_BASELINE");
        if (!Version.TryParse(baseline, out var baselineVersion))
            throw Damaged(source, $"its PROCESSING_BASELINE '{baseline}' is not a version such as 05.09");
        var sensing = Text(root, "PRODUCT_START_TIME") ?? Text(root, "DATATAKE_SENSING_START");
        DateTime? sensingTime = null;
        if (sensing is not null)
        {
            if (!DateTime.TryParse(sensing, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                throw Damaged(source, $"its PRODUCT_START_TIME '{sensing}' is not a time");
            sensingTime = DateTime.SpecifyKind(t, DateTimeKind.Utc);
        }

        var quantificationName = level == "L2A" ? "BOA_QUANTIFICATION_VALUE" : "QUANTIFICATION_VALUE";
        var quantification = Number(root, quantificationName, source) ?? throw Damaged(source, $"it has no {quantificationName}");
        if (!(quantification > 0))
            throw Damaged(source, $"its {quantificationName} {quantification} is not a positive number");

        var images = ImageFilesOf(root, source);
        var offsets = ReadOffsets(root, level, source, baselineVersion >= FirstWithOffsets, images);
        var noData = NoData(root, source);
        var tile = TileOf(product) ?? images.Select(i => TileOf(Path.GetFileName(i.RelativePath))).FirstOrDefault(t => t is not null);
        return new Sentinel2Metadata(product, level, sensingTime, tile, baseline, quantification, offsets, noData, images);
    }

    /// <summary>
    /// The per-band offsets: BOA_ADD_OFFSET (L2A) or RADIO_ADD_OFFSET (L1C) by band_id. Before
    /// baseline 04.00 there is no list and every offset is 0; from 04.00 on a missing or partial
    /// list is a damaged file, not a zero offset (reflectances would be wrong by 0.1).
    /// </summary>
    private static Dictionary<string, double> ReadOffsets(XElement root, string level, string source, bool required,
        IReadOnlyList<Sentinel2ImageFile> images)
    {
        var elementName = level == "L2A" ? "BOA_ADD_OFFSET" : "RADIO_ADD_OFFSET";
        var listName = level == "L2A" ? "BOA_ADD_OFFSET_VALUES_LIST" : "Radiometric_Offset_List";
        var list = root.Descendants().FirstOrDefault(e => e.Name.LocalName == listName);
        var offsets = new Dictionary<string, double>();
        if (list is null)
        {
            if (required) throw Damaged(source, $"its baseline is 04.00 or later but it has no {listName}");
            return offsets;
        }
        var names = SpectralNamesById(root);
        foreach (var element in list.Elements().Where(e => e.Name.LocalName == elementName))
        {
            var id = (string?)element.Attribute("band_id");
            if (id is null || !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || !names.TryGetValue(index, out var band))
                throw Damaged(source, $"its {elementName} band_id '{id}' names no band");
            if (!double.TryParse(element.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw Damaged(source, $"its {elementName} of {band} '{element.Value.Trim()}' is not a number");
            offsets[band] = value;
        }
        var missing = images.Select(i => i.Band).Distinct()
            .Where(b => b != Sentinel2BandNames.SceneClassification && !offsets.ContainsKey(b)).ToArray();
        if (missing.Length > 0)
            throw Damaged(source, $"its {listName} has no {elementName} for {string.Join(", ", missing)}");
        return offsets;
    }

    /// <summary>band_id → ESA name, from Spectral_Information when present, else the MSI's fixed order.</summary>
    private static Dictionary<int, string> SpectralNamesById(XElement root)
    {
        var names = Sentinel2BandNames.Spectral.Select((name, i) => (name, i)).ToDictionary(p => p.i, p => p.name);
        foreach (var info in root.Descendants().Where(e => e.Name.LocalName == "Spectral_Information"))
            if (int.TryParse((string?)info.Attribute("bandId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && Sentinel2BandNames.Normalise((string?)info.Attribute("physicalBand") ?? "") is { } name && name != Sentinel2BandNames.SceneClassification)
                names[id] = name;
        return names;
    }

    private static double NoData(XElement root, string source)
    {
        foreach (var special in root.Descendants().Where(e => e.Name.LocalName == "Special_Values"))
        {
            if (Text(special, "SPECIAL_VALUE_TEXT") != "NODATA") continue;
            return Number(special, "SPECIAL_VALUE_INDEX", source) ?? throw Damaged(source, "its NODATA special value has no SPECIAL_VALUE_INDEX");
        }
        return 0; // ESA's NODATA value in every baseline
    }

    private static List<Sentinel2ImageFile> ImageFilesOf(XElement root, string source)
    {
        var images = new List<Sentinel2ImageFile>();
        // IMAGE_FILE_2A in the first L2A baselines (02.0x), IMAGE_FILE since.
        foreach (var element in root.Descendants().Where(e => e.Name.LocalName is "IMAGE_FILE" or "IMAGE_FILE_2A"))
        {
            var relative = element.Value.Trim().Replace('\\', '/');
            if (relative.Length == 0 || relative.StartsWith('/') || relative.Split('/').Contains(".."))
                throw Damaged(source, $"its IMAGE_FILE '{relative}' is not a path inside the product");
            var m = ImageName().Match(relative);
            if (!m.Success) continue; // TCI, AOT, WVP, masks: not bands -Band names
            var band = Sentinel2BandNames.Normalise(m.Groups[1].Value);
            if (band is null) continue;
            var resolution = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : Sentinel2BandNames.NativeResolution(band);
            images.Add(new Sentinel2ImageFile(band, resolution, relative));
        }
        if (images.Count == 0) throw Damaged(source, "it lists no band images (IMAGE_FILE)");
        return images;
    }

    private static string? Text(XElement scope, string localName) =>
        scope.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();

    private static double? Number(XElement scope, string localName, string source)
    {
        if (Text(scope, localName) is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Damaged(source, $"its {localName} '{text}' is not a number");
        return value;
    }

    private static string? TileOf(string name) => TileName().Match(name) is { Success: true } m ? m.Groups[1].Value : null;

    private static string ProductFolderName(string metadataPath) =>
        Regex.Replace(Path.GetFileName(Path.GetDirectoryName(metadataPath) ?? "") ?? "", @"\.SAFE$", "", RegexOptions.IgnoreCase);

    internal static RasterException Damaged(string source, string why) =>
        new("DamagedProduct", RasterErrorKind.InvalidData, $"The Sentinel-2 product metadata '{source}' is damaged: {why}.");

    [GeneratedRegex(@"_(B\d[\dA]|SCL)(?:_(\d\d)m)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageName();

    [GeneratedRegex(@"(?:^|_)(T\d{2}[A-Z]{3})_")]
    private static partial Regex TileName();
}
