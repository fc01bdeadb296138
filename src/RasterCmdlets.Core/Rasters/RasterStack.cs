namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Bands on one grid, taken together: each band is one feature of every pixel. Bands may come from
/// different files (Sentinel-2 ships one file per band) as long as their grids agree.
/// </summary>
public sealed class RasterStack : IRasterSource
{
    private RasterStack(IReadOnlyList<RasterBand> bands)
    {
        Bands = bands;
        Grid = bands[0].Grid;
    }

    public IReadOnlyList<RasterBand> Bands { get; }
    public RasterGrid Grid { get; }
    public int BandCount => Bands.Count;
    public int Width => Grid.Width;
    public int Height => Grid.Height;
    public GeoTransform? GeoTransform => Grid.GeoTransform;
    public CoordinateReferenceSystem Crs => Grid.Crs;
    public int? Epsg => Grid.Crs.Epsg;

    public string Name => Bands.Select(b => b.FileName).Distinct().Count() == 1
        ? $"{Bands[0].FileName} bands {string.Join(",", Bands.Select(b => b.BandNumber))}"
        : $"stack of {Bands.Count} bands";

    /// <summary>
    /// Joins bands after checking that they share size, geotransform and CRS; with
    /// <paramref name="resampling"/>, bands on another grid are put on the first band's grid by
    /// GDAL instead (<see cref="RasterWarp"/>; reprojected when their CRS differs).
    /// </summary>
    public static RasterStack Join(IReadOnlyList<RasterBand> bands, RasterResampling? resampling = null)
    {
        if (resampling is RasterResampling r && bands.Count > 0)
            bands = bands.Select((b, i) => i == 0 || bands[0].Grid.DescribeMismatch(b.Grid) is null ? b : b.ResampledOnto(bands[0].Grid, r)).ToArray();
        if (bands.Count == 0)
            throw new RasterException("NoBandsToJoin", RasterErrorKind.InvalidArgument, "No bands were given to join.");
        var first = bands[0];
        foreach (var band in bands.Skip(1))
        {
            if (first.Grid.DescribeMismatch(band.Grid) is string why)
                throw new RasterException("BandsNotAligned", RasterErrorKind.Mismatch,
                    $"{band} cannot join {first}: its {why}. Join with -Resampling to put it on the first band's grid, or resample it first (gdalwarp -tr/-te).");
        }
        return new RasterStack(bands.ToArray());
    }

    public override string ToString() => $"{Name} ({Width}x{Height}, {BandCount} bands)";
}
