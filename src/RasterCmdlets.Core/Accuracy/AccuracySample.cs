using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Core.Vectors;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// Draws a stratified random sample of a class map's pixels (the map's classes are the strata) and
/// writes it as points at the pixels' centres, in the map's CRS: map_class, map_name (when the map
/// has names), an empty reference field (or the reference raster's class there) and the design
/// ("stratified", which Measure-ClassAccuracy reads). Memory does not depend on the map's size:
/// pixels are counted per class (known already for a fitted map), the ranks of the chosen pixels
/// within their class are drawn, and one pass over the windows, in order, finds them.
/// </summary>
public static class AccuracySample
{
    public static AccuracySampleSummary Write(object map, string path, AccuracySampleOptions options, ProgressReporter? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PerClass, 1); // the cmdlet validates -PerClass
        var assessed = AssessedMap.Of(map, options.ClassNames);
        var format = VectorFormat.For(path);
        if (assessed.Grid.GeoTransform is not GeoTransform transform)
            throw new RasterException("NoGeoTransform", RasterErrorKind.InvalidData, $"{assessed.Name} has no geotransform: its pixels have no coordinates.");
        var target = Path.GetFullPath(path);
        OutputFile.Check(target, options.Overwrite);

        // Pass 1 (none for a fitted map): pixels per class.
        var counts = assessed.Measure(cancellation).Where(r => !r.IsNoData && r.PixelCount > 0)
            .ToDictionary(r => (long)r.Class!.Value, r => r.PixelCount);
        var random = new Random(options.Seed);
        var chosen = new SortedDictionary<long, long[]>();
        var shortClasses = new List<string>();
        foreach (var (k, n) in counts.OrderBy(p => p.Key))
        {
            chosen[k] = Ranks(random, n, Math.Min(n, options.PerClass));
            if (n < options.PerClass) shortClasses.Add($"{NameOf(assessed, k)} ({n} pixel{(n == 1 ? "" : "s")})");
        }

        // Pass 2: the chosen ranks found in window order.
        var found = Find(assessed, chosen, progress, cancellation);
        var values = ReferenceValues(assessed, found, options.Reference, cancellation);

        var named = assessed.Names.Count > 0;
        var fields = new List<PointField> { new("id", true), new("map_class", true) };
        if (named) fields.Add(new("map_name", false));
        fields.Add(new(VectorReference.DefaultField, false));
        fields.Add(new(VectorReference.DesignField, false));
        var g = transform.ToGdal();
        var rows = found.Select((p, i) =>
        {
            var (x, y) = (p.Col + 0.5, p.Row + 0.5);
            var row = new List<object?> { (long)i + 1, p.Class };
            if (named) row.Add(NameOf(assessed, p.Class));
            row.Add(values?[i]);
            row.Add(VectorReference.StratifiedDesign);
            return new PointRow(g[0] + x * g[1] + y * g[2], g[3] + x * g[4] + y * g[5], row.ToArray());
        });
        var metadata = new Dictionary<string, string>
        {
            ["RASTERCMDLETS_DESIGN"] = VectorReference.StratifiedDesign,
            ["RASTERCMDLETS_SEED"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        OutputFile.Write(target, options.Overwrite, format.Extension, temporary =>
        {
            RasterIOException.Wrap(RasterIORole.WriteOutput, target, () =>
            {
                GdalPointWriter.Write(format.Driver, temporary, Path.GetFileNameWithoutExtension(target), assessed.Grid.Crs.IsEmpty ? null : assessed.Grid.Crs.Wkt,
                    fields, rows, metadata, cancellation);
                return true;
            });
            return temporary;
        }, cancellation, format.Sidecars);
        var perClass = chosen.ToDictionary(p => p.Key, p => p.Value.Length);
        return new AccuracySampleSummary(target, options.Seed, perClass, shortClasses);
    }

    private static string NameOf(AssessedMap map, long k) => k < map.Names.Count && map.Names[(int)k].Length > 0 ? map.Names[(int)k] : $"Class {k}";

    /// <summary>
    /// <paramref name="m"/> distinct ranks of [0, n), sorted: Floyd's algorithm, m draws whatever n
    /// (the ranks never need a list of the class's pixels).
    /// </summary>
    internal static long[] Ranks(Random random, long n, long m)
    {
        var picked = new HashSet<long>();
        for (var j = n - m; j < n; j++)
        {
            var t = random.NextInt64(j + 1);
            picked.Add(picked.Contains(t) ? j : t);
        }
        var ranks = picked.ToArray();
        Array.Sort(ranks);
        return ranks;
    }

    internal readonly record struct Pixel(long Class, int Col, int Row);

    /// <summary>One pass in window order: the pixels whose rank within their class was chosen.</summary>
    private static List<Pixel> Find(AssessedMap map, SortedDictionary<long, long[]> chosen, ProgressReporter? progress, CancellationToken cancellation)
    {
        var seen = chosen.Keys.ToDictionary(k => k, _ => 0L);
        var next = chosen.Keys.ToDictionary(k => k, _ => 0);
        var found = new List<Pixel>();
        var windows = WindowRunner.WindowsOf(map.Source).Count;
        WindowRunner.Run(map.Source, pixels =>
        {
            var labels = new int[pixels.Count];
            map.Label(pixels, labels);
            var perClass = new Dictionary<long, long>();
            foreach (var l in labels)
                if (l >= 0) perClass[l] = perClass.GetValueOrDefault(l) + 1;
            return (labels, perClass);
        }, (index, window, result) =>
        {
            // Classes with a chosen rank inside this window's range are looked for; the others are skipped whole.
            var wanted = new HashSet<long>();
            foreach (var (k, n) in result.perClass)
                if (chosen.TryGetValue(k, out var ranks) && next[k] < ranks.Length && ranks[next[k]] < seen[k] + n) wanted.Add(k);
            if (wanted.Count > 0)
            {
                var running = new Dictionary<long, long>(seen);
                for (var i = 0; i < result.labels.Length; i++)
                {
                    var l = result.labels[i];
                    if (l < 0 || !wanted.Contains(l)) continue;
                    var ranks = chosen[l];
                    var rank = running[l]++;
                    if (next[l] < ranks.Length && ranks[next[l]] == rank)
                    {
                        found.Add(new Pixel(l, window.X + i % window.Width, window.Y + i / window.Width));
                        next[l]++;
                    }
                }
            }
            foreach (var (k, n) in result.perClass)
                if (seen.ContainsKey(k)) seen[k] += n;
            progress?.Invoke("Drawing the sample", (index + 1.0) / windows);
        }, cancellation);
        return found;
    }

    /// <summary>The reference raster's class at each point (its name when it has one), or null where it has none.</summary>
    private static string?[]? ReferenceValues(AssessedMap map, List<Pixel> points, string? referencePath, CancellationToken cancellation)
    {
        if (referencePath is null) return null;
        var band = RasterBand.Open(referencePath, [1])[0];
        if (!band.DataType.IsHistogrammable())
            throw new RasterException("NotAClassMap", RasterErrorKind.InvalidArgument, $"The reference {band} is {band.DataType}: a raster of classes has integer pixels.");
        if (map.Grid.DescribeMismatch(band.Grid) is not null) band = band.ResampledOnto(map.Grid, RasterResampling.Nearest);
        var values = new string?[points.Count];
        using var reader = new PixelReader([band]);
        var pixels = reader.NewWindowBuffers();
        try
        {
            for (var i = 0; i < points.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                reader.Read(new RasterWindow(points[i].Col, points[i].Row, 1, 1), pixels);
                if (pixels.MayHaveMissing && pixels.Validity[0] == 0) continue;
                var v = (long)PixelMath.ValueAt(pixels.RawBand(0), pixels.Types[0], 0);
                values[i] = v >= 0 && v < band.ClassNames.Count && band.ClassNames[(int)v].Length > 0 ? band.ClassNames[(int)v] : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            pixels.Release();
        }
        return values;
    }
}
