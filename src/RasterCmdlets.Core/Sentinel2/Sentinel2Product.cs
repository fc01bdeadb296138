using RasterCmdlets.Core.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Sentinel2;

/// <summary>
/// A Sentinel-2 Level-1C or Level-2A product as ESA delivers it: a .SAFE folder, its .zip (read
/// through /vsizip/, never unpacked) or its MTD_MSIL1C.xml/MTD_MSIL2A.xml. Its bands are the JPEG 2000
/// files themselves, opened as any raster (so the decode-once rules of JPEG 2000 apply), described
/// with what the metadata says of them: name, date, tile, baseline, scale and offset, NoData.
/// </summary>
public sealed class Sentinel2Product
{
    private const long MaxMetadataBytes = 64L << 20; // real ones are under 100 kB

    private static readonly string[] MetadataNames = ["MTD_MSIL2A.xml", "MTD_MSIL1C.xml"];

    private Sentinel2Product(string path, string root, string metadataPath, Sentinel2Metadata metadata)
    {
        Path = path;
        Root = root;
        MetadataPath = metadataPath;
        Metadata = metadata;
    }

    /// <summary>What the product was opened from.</summary>
    public string Path { get; }
    /// <summary>The product's root folder (the .SAFE), a /vsizip/ path for a zip.</summary>
    public string Root { get; }
    public string MetadataPath { get; }
    public Sentinel2Metadata Metadata { get; }

    /// <summary>Opens the product at <paramref name="path"/>: its metadata is read, no image is.</summary>
    /// <exception cref="RasterException">NotSentinel2Product, DamagedProduct.</exception>
    public static Sentinel2Product Open(string path)
    {
        var (root, metadataPath) = Locate(path);
        byte[] bytes;
        try
        {
            bytes = GdalVirtualFiles.ReadAllBytes(metadataPath, MaxMetadataBytes);
        }
        catch (GdalException e)
        {
            throw Sentinel2Metadata.Damaged(metadataPath, $"it cannot be read ({e.GdalMessage})");
        }
        Sentinel2Metadata metadata;
        try
        {
            metadata = Sentinel2Metadata.Parse(bytes, metadataPath);
        }
        catch (RasterException e) when (e.ErrorId == "DamagedProduct" && !IsMetadataName(metadataPath) && !LooksLikeProductMetadata(bytes))
        {
            // Any other XML file that is not well-formed is simply not a product.
            throw NotAProduct(path);
        }
        return new Sentinel2Product(path, root, metadataPath, metadata);
    }

    /// <summary>
    /// The bands named (ESA names, any case), each at its native resolution or at
    /// <paramref name="resolution"/>; every spectral band the product has when none is named.
    /// </summary>
    /// <exception cref="RasterException">BandNotInProduct, DamagedProduct.</exception>
    public IReadOnlyList<RasterBand> Bands(IReadOnlyList<string>? names, int? resolution)
    {
        if (names is { Count: > 0 })
            return names.Select(n => Band(n, resolution)).ToArray();
        var present = Sentinel2BandNames.Spectral
            .Where(b => Metadata.ImageFiles.Any(i => i.Band == b && (resolution is not int r || i.Resolution == r)))
            .ToArray();
        if (present.Length == 0)
            throw new RasterException("BandNotInProduct", RasterErrorKind.InvalidArgument,
                $"{Describe()} has no spectral band at {resolution} m.");
        return present.Select(b => Band(b, resolution)).ToArray();
    }

    /// <summary>One band, by its ESA name, at its native resolution or at <paramref name="resolution"/>.</summary>
    public RasterBand Band(string name, int? resolution = null)
    {
        var band = Sentinel2BandNames.Normalise(name) ?? throw new RasterException("BandNotInProduct", RasterErrorKind.InvalidArgument,
            $"'{name}' is not a Sentinel-2 band: the names are {string.Join(", ", Sentinel2BandNames.All)}.");
        var images = Metadata.ImageFiles.Where(i => i.Band == band).OrderBy(i => i.Resolution).ToArray();
        if (images.Length == 0)
            throw new RasterException("BandNotInProduct", RasterErrorKind.InvalidArgument,
                $"{Describe()} has no band {band}; it has {string.Join(", ", Metadata.ImageFiles.Select(i => i.Band).Distinct())}.");
        var image = resolution is int r
            ? images.FirstOrDefault(i => i.Resolution == r) ?? throw new RasterException("BandNotInProduct", RasterErrorKind.InvalidArgument,
                $"{Describe()} has {band} at {string.Join(", ", images.Select(i => $"{i.Resolution} m"))}, not at {r} m.")
            : images.FirstOrDefault(i => i.Resolution == Sentinel2BandNames.NativeResolution(band)) ?? images[0];

        var opened = OpenImage(image);
        if (opened.NoDataValue != Metadata.NoDataValue) opened = opened.WithNoDataValue(Metadata.NoDataValue);
        if (band != Sentinel2BandNames.SceneClassification)
            opened = opened.WithScaleOffset(1 / Metadata.QuantificationValue, Metadata.OffsetOf(band) / Metadata.QuantificationValue);
        return opened.WithProductInfo(new ProductInfo(band, Metadata.Product, Metadata.Level, Metadata.SensingTime, Metadata.Tile,
            Metadata.ProcessingBaseline));
    }

    /// <summary>
    /// <paramref name="band"/> with its pixels missing wherever the product's scene classification
    /// (SCL, at the resolution closest to the band's: 20 m for 10 m bands, as ESA ships none at 10 m)
    /// holds one of <paramref name="classes"/>, put on the band's grid by nearest neighbour.
    /// </summary>
    /// <exception cref="RasterException">SclMissing for a Level-1C product or one whose SCL is not there.</exception>
    public RasterBand WithCloudMask(RasterBand band, IReadOnlyList<int> classes)
    {
        if (Metadata.Level != "L2A")
            throw new RasterException("SclMissing", RasterErrorKind.InvalidArgument,
                $"{Describe()} is Level-1C: only Level-2A products have a scene classification (SCL) to mask clouds with.");
        var scl = Metadata.ImageFiles.Where(i => i.Band == Sentinel2BandNames.SceneClassification).ToArray();
        var pixelSize = band.GeoTransform is GeoTransform t ? Math.Abs(t.PixelWidth) : 20;
        var closest = scl.OrderBy(i => Math.Abs(i.Resolution - pixelSize)).ThenBy(i => i.Resolution).FirstOrDefault();
        var file = closest is null ? null : ImagePath(closest);
        if (file is null || !GdalVirtualFiles.CanOpen(file))
            throw new RasterException("SclMissing", RasterErrorKind.InvalidArgument,
                closest is null ? $"{Describe()} lists no scene classification (SCL) image."
                    : $"{Describe()} lists its scene classification as {closest.RelativePath}.jp2, which is not there.");
        return band.WithMask(RasterMaskSource.For(band, file, 1, classes.Select(c => (double)c).ToArray()));
    }

    private RasterBand OpenImage(Sentinel2ImageFile image)
    {
        var file = ImagePath(image);
        try
        {
            return RasterBand.Open(file, [1])[0];
        }
        catch (RasterIOException e)
        {
            throw new RasterException("DamagedProduct", RasterErrorKind.InvalidData,
                $"{Describe()} lists {image.RelativePath}.jp2, which cannot be opened: {e.Message}");
        }
    }

    private string ImagePath(Sentinel2ImageFile image) => $"{Root}/{image.RelativePath}.jp2";

    private string Describe() => $"The {Metadata.Level} product {Metadata.Product}";

    /// <summary>The product's root folder and metadata file for a folder, a zip or a metadata file.</summary>
    private static (string Root, string Metadata) Locate(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        var virtualPath = trimmed.StartsWith("/vsi", StringComparison.Ordinal);
        if (!virtualPath && Directory.Exists(trimmed) || virtualPath && !HasExtension(trimmed, ".zip") && !HasExtension(trimmed, ".xml"))
            return MetadataIn(trimmed) is { } found ? (trimmed, found)
                : throw NotAProduct(path, "a folder without MTD_MSIL1C.xml or MTD_MSIL2A.xml");
        if (HasExtension(trimmed, ".xml"))
            return (ParentOf(trimmed), trimmed);
        if (HasExtension(trimmed, ".zip") || !virtualPath && StartsLikeZip(trimmed))
        {
            var zip = virtualPath && trimmed.StartsWith("/vsizip/", StringComparison.Ordinal) ? trimmed : "/vsizip/" + trimmed;
            var entries = GdalVirtualFiles.ListFolder(zip);
            if (entries is null)
            {
                if (!virtualPath && !StartsLikeZip(trimmed)) throw NotAProduct(path, "a file named .zip that is not a zip");
                throw new RasterException("DamagedProduct", RasterErrorKind.InvalidData,
                    $"The zip '{path}' cannot be read (it is truncated or damaged): download it again.");
            }
            if (MetadataIn(zip, entries) is { } atRoot) return (zip, atRoot);
            foreach (var entry in entries.OrderBy(e => HasExtension(e, ".SAFE") ? 0 : 1))
                if (GdalVirtualFiles.ListFolder($"{zip}/{entry}") is { } inner && MetadataIn($"{zip}/{entry}", inner) is { } found)
                    return ($"{zip}/{entry}", found);
            throw NotAProduct(path, "a zip without a .SAFE folder holding MTD_MSIL1C.xml or MTD_MSIL2A.xml");
        }
        throw NotAProduct(path);
    }

    private static string? MetadataIn(string folder, IReadOnlyList<string>? entries = null)
    {
        entries ??= GdalVirtualFiles.ListFolder(folder) ?? [];
        foreach (var name in MetadataNames)
            if (entries.FirstOrDefault(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase)) is { } found)
                return $"{folder}/{found}";
        return null;
    }

    private static bool StartsLikeZip(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            Span<byte> head = stackalloc byte[2];
            return stream.Read(head) == 2 && head[0] == (byte)'P' && head[1] == (byte)'K';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool LooksLikeProductMetadata(byte[] bytes)
    {
        var head = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        return head.Contains("_User_Product", StringComparison.Ordinal);
    }

    private static bool IsMetadataName(string path) =>
        MetadataNames.Any(n => string.Equals(System.IO.Path.GetFileName(path), n, StringComparison.OrdinalIgnoreCase));

    private static bool HasExtension(string path, string extension) => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash <= 0 ? "." : path[..slash];
    }

    private static RasterException NotAProduct(string path, string? what = null) =>
        new("NotSentinel2Product", RasterErrorKind.InvalidArgument,
            $"'{path}' is not a Sentinel-2 product{(what is null ? "" : $" ({what})")}: give its .SAFE folder, its .zip or its MTD_MSIL1C.xml or MTD_MSIL2A.xml.");
}
