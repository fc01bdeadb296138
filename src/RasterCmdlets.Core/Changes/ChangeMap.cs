using System.Collections.ObjectModel;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Changes;

/// <summary>
/// What changed between two class maps of one grid: each pixel's class is the pair (class in the
/// reference map, class in the other), numbered <c>from × K(other) + to</c> and named
/// "Water → Land". Every pair is a class, so that the transition table has a row for each, with
/// pixels and area. A pixel missing (NoData, masked, outside) in either map has no class. The
/// labels are computed from both maps' windows as the map is written.
/// </summary>
public sealed class ChangeMap : ClassMap
{
    private readonly int _toClasses;
    private IReadOnlyList<ClassTransition>? _transitions;

    private ChangeMap(RasterStack source, ClassMapInput reference, ClassMapInput difference, int fromClasses, int toClasses,
        long[] counts, long missing)
    {
        Source = source;
        Reference = reference;
        Difference = difference;
        ReferenceK = fromClasses;
        _toClasses = toClasses;
        ClassPixelCounts = new ReadOnlyCollection<long>(counts);
        NoDataPixelCount = missing;
        ClassNames = Enumerable.Range(0, K).Select(c => $"{reference.NameOf(c / toClasses)} → {difference.NameOf(c % toClasses)}").ToArray();
    }

    /// <summary>The map before (Compare-Object's reference): the change map has its grid.</summary>
    public ClassMapInput Reference { get; }
    /// <summary>The map after.</summary>
    public ClassMapInput Difference { get; }
    public int ReferenceK { get; }
    public int DifferenceK => _toClasses;

    public override IRasterSource Source { get; }
    public override int K => ReferenceK * _toClasses;
    public override IReadOnlyList<long> ClassPixelCounts { get; }
    public override long NoDataPixelCount { get; }
    public override IReadOnlyList<string> ClassNames { get; }

    /// <summary>Whether a pair is a change: classes of other names, or of other numbers where a map has no names.</summary>
    public bool IsChange(int from, int to) =>
        from < Reference.Names.Count && to < Difference.Names.Count
            ? !string.Equals(Reference.Names[from], Difference.Names[to], StringComparison.OrdinalIgnoreCase)
            : from != to;

    /// <summary>Pixels with a class in both maps whose class changed.</summary>
    public long ChangedPixelCount => Enumerable.Range(0, K).Where(c => IsChange(c / _toClasses, c % _toClasses)).Sum(c => ClassPixelCounts[c]);

    /// <summary>One row per pair (before, after), every pair of classes, the unchanged ones too.</summary>
    public IReadOnlyList<ClassTransition> Transitions => _transitions ??= Classes.Where(r => !r.IsNoData).Select(r =>
    {
        var (from, to) = (r.Class!.Value / _toClasses, r.Class.Value % _toClasses);
        return new ClassTransition(r.Class.Value, from, Reference.NameOf(from), to, Difference.NameOf(to), r.Name, IsChange(from, to),
            r.PixelCount, r.Percent, r.Area, r.AreaUnit);
    }).ToArray();

    private static readonly (byte R, byte G, byte B)[] ChangeColours =
    [
        (214, 39, 40), (44, 160, 44), (255, 127, 14), (148, 103, 189), (23, 190, 207), (227, 119, 194), (188, 189, 34), (140, 86, 75),
    ];

    /// <summary>Unchanged pairs in a pale tint of their class's colour, changes in strong colours that stand out.</summary>
    public override IReadOnlyList<(byte R, byte G, byte B, byte A)> Colours
    {
        get
        {
            var classes = ClassColours.For(ReferenceK);
            var colours = new (byte, byte, byte, byte)[256];
            var change = 0;
            for (var c = 0; c < Math.Min(K, 256); c++)
            {
                var (from, to) = (c / _toClasses, c % _toClasses);
                if (IsChange(from, to))
                {
                    var (r, g, b) = ChangeColours[change++ % ChangeColours.Length];
                    colours[c] = (r, g, b, 255);
                }
                else
                {
                    var (r, g, b, _) = classes[from % 256];
                    colours[c] = (Pale(r), Pale(g), Pale(b), 255);
                }
            }
            return colours;
        }
    }

    private static byte Pale(byte v) => (byte)(v + (255 - v) * 0.6);

    internal override void Label<TLabel>(WindowPixels pixels, Span<TLabel> labels)
    {
        var from = pixels.RawBand(0);
        var to = pixels.RawBand(1);
        var check = pixels.MayHaveMissing;
        var valid = check ? pixels.Validity : default;
        var missing = TLabel.CreateTruncating(NoDataLabel);
        var (fromK, toK) = (ReferenceK, _toClasses);
        if (pixels.Types[0] == RasterDataType.Byte && pixels.Types[1] == RasterDataType.Byte)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                int f = from[i], t = to[i];
                labels[i] = (check && valid[i] == 0) || f >= fromK || t >= toK ? missing : TLabel.CreateTruncating(f * toK + t);
            }
            return;
        }
        for (var i = 0; i < labels.Length; i++)
        {
            var f = PixelMath.ValueAt(from, pixels.Types[0], i);
            var t = PixelMath.ValueAt(to, pixels.Types[1], i);
            labels[i] = (check && valid[i] == 0) || f < 0 || t < 0 || f >= fromK || t >= toK ? missing : TLabel.CreateTruncating((int)f * toK + (int)t);
        }
    }

    /// <summary>
    /// The change from <paramref name="reference"/> to <paramref name="difference"/>, with its
    /// transition counts measured in one pass over both. Maps on other grids are refused
    /// (BandsNotAligned) unless <paramref name="resample"/>: the second is then put on the first's
    /// grid by nearest neighbour (classes are not numbers to average).
    /// </summary>
    public static ChangeMap Compare(ClassMapInput reference, ClassMapInput difference, bool resample = false,
        ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        var after = difference.Band;
        if (reference.Band.Grid.DescribeMismatch(after.Grid) is string why)
        {
            if (!resample)
                throw new RasterException("BandsNotAligned", RasterErrorKind.Mismatch,
                    $"{difference.Name} is not on the grid of {reference.Name}: its {why}. Compare with -Resampling Nearest to put it " +
                    "on the first map's grid, or resample it first (gdalwarp -r near -te/-tr).");
            after = after.ResampledOnto(reference.Band.Grid, RasterResampling.Nearest);
        }
        var source = RasterStack.Join([reference.Band, after]);
        var (pairs, missing) = CountPairs(source, progress, cancellation);

        var valid = pairs.Values.Sum();
        if (valid == 0)
            throw new RasterException("NoOverlap", RasterErrorKind.InvalidArgument,
                $"No pixel has a class in both {reference.Name} and {difference.Name}: they do not overlap, or one is all NoData.");
        var fromK = new[] { pairs.Keys.Max(p => p >> 16) + 1, reference.K ?? 0, reference.Names.Count }.Max();
        var toK = new[] { pairs.Keys.Max(p => p & 0xFFFF) + 1, difference.K ?? 0, difference.Names.Count }.Max();
        if ((long)fromK * toK > 65535)
            throw new RasterException("TooManyClasses", RasterErrorKind.InvalidData,
                $"{fromK} classes before and {toK} after make {(long)fromK * toK} pairs: a change map holds at most 65535.");
        var counts = new long[fromK * toK];
        foreach (var (pair, n) in pairs) counts[(pair >> 16) * toK + (pair & 0xFFFF)] = n;
        return new ChangeMap(source, reference, difference, fromK, toK, counts, missing);
    }

    /// <summary>Pixels of each pair (from &lt;&lt; 16 | to) with a class in both maps, and the others.</summary>
    private static (Dictionary<int, long> Pairs, long Missing) CountPairs(RasterStack source, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        var total = new long[256 * 256];
        var pairs = new Dictionary<int, long>();
        long missing = 0;
        var windows = WindowRunner.WindowsOf(source).Count;
        WindowRunner.Run(source, pixels =>
        {
            // Classes below 256 (nearly every map) are counted in a table; others in a dictionary.
            var small = new int[256 * 256];
            Dictionary<int, long>? large = null;
            var from = pixels.RawBand(0);
            var to = pixels.RawBand(1);
            var check = pixels.MayHaveMissing;
            var valid = check ? pixels.Validity : default;
            var absent = 0;
            for (var i = 0; i < pixels.Count; i++)
            {
                if (check && valid[i] == 0) { absent++; continue; }
                var f = ClassOf(from, pixels.Types[0], i, pixels.Bands[0]);
                var t = ClassOf(to, pixels.Types[1], i, pixels.Bands[1]);
                if ((f | t) < 256) small[f << 8 | t]++;
                else
                {
                    large ??= [];
                    large[f << 16 | t] = large.GetValueOrDefault(f << 16 | t) + 1;
                }
            }
            return (small, large, absent);
        }, (index, _, result) =>
        {
            for (var p = 0; p < result.small.Length; p++) total[p] += result.small[p];
            if (result.large is { } large)
                foreach (var (pair, n) in large) pairs[pair] = pairs.GetValueOrDefault(pair) + n;
            missing += result.absent;
            progress?.Invoke("Comparing classes", (index + 1.0) / windows);
        }, cancellation);
        for (var p = 0; p < total.Length; p++)
            if (total[p] > 0) pairs[(p >> 8) << 16 | (p & 0xFF)] = pairs.GetValueOrDefault((p >> 8) << 16 | (p & 0xFF)) + total[p];
        return (pairs, missing);
    }

    private static int ClassOf(ReadOnlySpan<byte> raw, RasterDataType type, int i, RasterBand band)
    {
        if (type == RasterDataType.Byte) return raw[i];
        var v = PixelMath.ValueAt(raw, type, i);
        return v is >= 0 and < 65536 ? (int)v
            : throw new RasterException("NotAClassMap", RasterErrorKind.InvalidData, $"{band} holds the value {v}: classes are numbered from 0 to 65535.");
    }

    public override string ToString() =>
        $"{Reference.Name} → {Difference.Name}: {K} pairs, {ChangedPixelCount} pixels changed of {ClassPixelCounts.Sum()}";
}
