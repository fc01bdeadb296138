using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Changes;

/// <summary>
/// How often a class was seen at each pixel over class maps of one grid (one per date), as the
/// "occurrence" layer of the JRC Global Surface Water: <see cref="Frequency"/>, the percentage
/// (0 to 100, rounded to the nearest whole percent) of a pixel's valid observations in which it
/// was of the class, NoData where it has none; <see cref="ValidCount"/>, how many valid
/// observations each pixel has; <see cref="Dates"/>, the class's area and the valid fraction of
/// each map. Both bands live in one file of the module's temporary folder for the session.
/// </summary>
public sealed class ClassFrequency
{
    private ClassFrequency(string className, RasterBand frequency, RasterBand validCount, IReadOnlyList<ClassFrequencyDate> dates)
    {
        Class = className;
        Frequency = frequency;
        ValidCount = validCount;
        Dates = dates;
    }

    /// <summary>The class counted, as it was asked for (a name, or a class number).</summary>
    public string Class { get; }
    /// <summary>Per-pixel frequency of the class, 0 to 100 %, NoData (255; 65535 beyond 254 maps) where no map has a valid pixel.</summary>
    public RasterBand Frequency { get; }
    /// <summary>Per-pixel count of valid observations, 0 to the number of maps.</summary>
    public RasterBand ValidCount { get; }
    /// <summary>One row per map, in the order they were given.</summary>
    public IReadOnlyList<ClassFrequencyDate> Dates { get; }
    public int MapCount => Dates.Count;

    /// <summary>
    /// Counts <paramref name="class"/> (a class name, matched in each map's names, or a class number)
    /// over <paramref name="maps"/> in one pass, one window of every map at a time, and writes the
    /// two bands into a temporary file as it goes.
    /// </summary>
    /// <param name="resample">Put maps on another grid onto the first's by nearest neighbour instead of refusing them.</param>
    /// <param name="dates">One date per map, or null for each map's own (<see cref="ClassMapInput.SensingTime"/>).</param>
    public static ClassFrequency Measure(IReadOnlyList<ClassMapInput> maps, string @class, IReadOnlyList<DateTime>? dates = null,
        bool resample = false, ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        if (maps.Count == 0)
            throw new RasterException("NoClassMaps", RasterErrorKind.InvalidArgument, "No class map was given: pipe in the maps of every date.");
        if (dates is not null && dates.Count != maps.Count)
            throw new RasterException("DateCountMismatch", RasterErrorKind.InvalidArgument,
                $"{dates.Count} dates were given for {maps.Count} maps: give one date per map, in the order the maps come.");
        var values = ClassValues(maps, @class);
        var bands = OnOneGrid(maps, resample);
        var counter = new FrequencyCounter(RasterStack.Join(bands), values);

        var path = ModuleTemp.NewFile(ModuleTemp.StemOf(maps[0].Band.Path) + ".frequency", ".tif");
        try
        {
            // Every block of every map is read once: GDAL's cache would only hold blocks never read
            // again (and the memory they took), a few times the writer's blocks is enough.
            using (RasterCmdlets.Gdal.GdalCacheLimit.AtMost(32L << 20))
                GeoTiffWriter.Write(counter, path, new GeoTiffOptions { Overwrite = true, Compression = "NONE" }, progress, cancellation);
            var (classPixels, validPixels, areas) = counter.Totals();
            // A number no map names nor holds is a class of none of them.
            if (int.TryParse(@class, out var number) && classPixels.Sum() == 0 && maps.All(m => number >= Math.Max(m.K ?? 0, m.Names.Count)))
                throw NotFound(@class, maps);
            var grid = bands[0].Grid;
            var (pixelArea, unit) = RasterClass.PixelArea(grid);
            if (areas is not null) unit = "m²";
            var rows = maps.Select((m, i) => new ClassFrequencyDate(i + 1, m.Name, dates?[i] ?? m.SensingTime, values[i], m.NameOf(values[i]),
                classPixels[i], validPixels[i] > 0 ? 100.0 * classPixels[i] / validPixels[i] : null,
                areas is not null ? areas[i] : pixelArea is double a ? a * classPixels[i] : null, unit,
                validPixels[i], (double)validPixels[i] / grid.PixelCount)).ToArray();
            var written = RasterBand.Open(path, [1, 2]);
            return new ClassFrequency(@class, written[0], written[1], rows);
        }
        catch
        {
            ModuleTemp.Delete(path);
            throw;
        }
    }

    /// <summary>The class's number in each map: the number given, or the map's class of that name.</summary>
    private static int[] ClassValues(IReadOnlyList<ClassMapInput> maps, string @class)
    {
        if (int.TryParse(@class, out var number))
        {
            if (number < 0 || number > 65535 || maps.All(m => (m.K is not null || m.Names.Count > 0) && number >= Math.Max(m.K ?? 0, m.Names.Count)))
                throw NotFound(@class, maps);
            return maps.Select(_ => number).ToArray();
        }
        var values = maps.Select(m => m.ValueOf(@class)).ToArray();
        if (values.All(v => v is null)) throw NotFound(@class, maps);
        var missing = maps.Where((_, i) => values[i] is null).ToArray();
        if (missing.Length > 0)
            throw new RasterException("ClassNotFound", RasterErrorKind.InvalidArgument,
                $"{string.Join(", ", missing.Select(m => m.Name))} ha{(missing.Length == 1 ? "s" : "ve")} no class named '{@class}' " +
                $"({Described(missing[0])}): name the classes of every map alike (Export-GeoTiff -ClassName), or give the class number.");
        return values.Select(v => v!.Value).ToArray();
    }

    private static RasterException NotFound(string @class, IReadOnlyList<ClassMapInput> maps) =>
        new("ClassNotFound", RasterErrorKind.InvalidArgument,
            $"No map has the class '{@class}' ({Described(maps[0])}{(maps.Count > 1 ? ", ..." : "")}).");

    private static string Described(ClassMapInput map) =>
        map.Names.Count > 0 ? $"{map.Name} has {string.Join(", ", map.Names)}"
        : map.K is int k ? $"{map.Name} has classes 0 to {k - 1}, unnamed" : $"{map.Name} names no class";

    /// <summary>The maps' bands, on the first's grid: as they are, or (<paramref name="resample"/>) put on it by nearest neighbour.</summary>
    private static RasterBand[] OnOneGrid(IReadOnlyList<ClassMapInput> maps, bool resample)
    {
        var grid = maps[0].Band.Grid;
        return maps.Select(m =>
        {
            if (grid.DescribeMismatch(m.Band.Grid) is not string why) return m.Band;
            if (!resample)
                throw new RasterException("BandsNotAligned", RasterErrorKind.Mismatch,
                    $"{m.Name} is not on the grid of {maps[0].Name}: its {why}. Use -Resampling Nearest to put it on the first map's grid, " +
                    "or resample it first (gdalwarp -r near -te/-tr).");
            return m.Band.ResampledOnto(grid, RasterResampling.Nearest);
        }).ToArray();
    }

    public override string ToString() => $"Frequency of {Class} over {MapCount} maps";
}
