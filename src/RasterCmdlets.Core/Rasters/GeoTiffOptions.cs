namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// How a GeoTIFF is written. The defaults suit class maps: tiled 512 x 512, DEFLATE at level 1,
/// compressed on every core. Level 1 writes a noisy 5-class map five times faster than GDAL's
/// default level 6, for files about a sixth larger.
/// </summary>
public sealed record GeoTiffOptions
{
    public const string DefaultCompression = "DEFLATE";
    public const int DefaultCompressionLevel = 1;
    public const int DefaultBlockSize = 512;

    /// <summary>The compressions a GeoTIFF may be written with.</summary>
    public static readonly IReadOnlyList<string> Compressions = ["DEFLATE", "LZW", "ZSTD", "LZMA", "PACKBITS", "NONE"];

    public string Compression { get; init; } = DefaultCompression;
    /// <summary>ZLEVEL for DEFLATE (1-9), ZSTD_LEVEL for ZSTD (1-22), LZMA_PRESET for LZMA (0-9); null for GDAL's default.</summary>
    public int? CompressionLevel { get; init; } = DefaultCompressionLevel;
    public int BlockSize { get; init; } = DefaultBlockSize;
    public bool Tiled { get; init; } = true;
    /// <summary>Write a Cloud Optimized GeoTIFF (GDAL's COG driver, with overviews).</summary>
    public bool CloudOptimized { get; init; }
    /// <summary>Extra GDAL creation options, NAME=VALUE, applied last.</summary>
    public IReadOnlyList<string> CreationOptions { get; init; } = [];
    /// <summary>Replace an existing file (never before the new one is complete).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Refuses a compression or a level that GDAL would reject or silently ignore.</summary>
    /// <exception cref="RasterException">InvalidCompression or InvalidCompressionLevel.</exception>
    public void Validate()
    {
        if (!Compressions.Contains(Compression))
            throw new RasterException("InvalidCompression", RasterErrorKind.InvalidArgument,
                $"'{Compression}' is not a compression this module writes: use one of {string.Join(", ", Compressions)}.");
        if (CompressionLevel is int level && LevelRange() is var (low, high) && (level < low || level > high))
            throw new RasterException("InvalidCompressionLevel", RasterErrorKind.InvalidArgument,
                $"{Compression} takes a compression level from {low} to {high}, not {level}.");
    }

    private (int Low, int High)? LevelRange() => Compression switch
    {
        "DEFLATE" => (1, 9),
        "ZSTD" => (1, 22),
        "LZMA" => (0, 9),
        _ => null,
    };

    internal IEnumerable<string> GTiffCreationOptions()
    {
        if (Tiled && !CloudOptimized)
        {
            yield return "TILED=YES";
            yield return $"BLOCKXSIZE={BlockSize}";
            yield return $"BLOCKYSIZE={BlockSize}";
        }
        yield return $"COMPRESS={(CloudOptimized ? "NONE" : Compression)}";
        if (!CloudOptimized && LevelOption() is string level) yield return $"{level}={CompressionLevel}";
        yield return "NUM_THREADS=ALL_CPUS";
        yield return "BIGTIFF=IF_SAFER";
        if (!CloudOptimized) foreach (var option in CreationOptions) yield return option;
    }

    internal IEnumerable<string> CogCreationOptions()
    {
        yield return $"COMPRESS={Compression}";
        if (LevelOption() is not null) yield return $"LEVEL={CompressionLevel}";
        yield return $"BLOCKSIZE={BlockSize}";
        yield return "NUM_THREADS=ALL_CPUS";
        yield return "OVERVIEW_RESAMPLING=NEAREST";
        yield return "BIGTIFF=IF_SAFER";
        foreach (var option in CreationOptions) yield return option;
    }

    private string? LevelOption() => CompressionLevel is null ? null : Compression switch
    {
        "DEFLATE" => "ZLEVEL",
        "ZSTD" => "ZSTD_LEVEL",
        "LZMA" => "LZMA_PRESET",
        _ => null,
    };
}
