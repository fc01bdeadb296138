using System.Buffers.Binary;
using System.Collections.ObjectModel;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// What a K-means fit needs of the valid pixels of one or more rasters, and nothing else: for one
/// band every distinct value with its count; for several bands a sample of distinct pixel vectors,
/// each with the number of pixels that have it. Summaries merge exactly, in any order and grouping:
/// counts are integers, and the sample keeps the vectors of smallest hash (a function of the
/// vector and the seed alone, never of where a pixel lies or which summary saw it). So a model fitted
/// from summaries depends on the pixels only, bit for bit.
/// </summary>
public sealed class RasterSummary
{
    /// <summary>Distinct pixel vectors a stack summary keeps.</summary>
    public const int StackSampleCapacity = 1 << 17;
    /// <summary>
    /// The sample seed of summaries made without one: fixed, so that summaries made apart merge
    /// without agreeing on a seed first.
    /// </summary>
    public const int DefaultSeed = 0;

    // One band: distinct values ascending. Several bands: vectors in ascending (hash, vector) order.
    private readonly double[][] _vectors;
    private readonly long[] _counts;

    private RasterSummary(IReadOnlyList<RasterDataType> dataTypes, IReadOnlyList<double?> noDataValues, long pixelCount, long validPixelCount,
        int seed, double[][] vectors, long[] counts, int sourceCount)
    {
        DataTypes = new ReadOnlyCollection<RasterDataType>(dataTypes.ToArray());
        NoDataValues = new ReadOnlyCollection<double?>(noDataValues.ToArray());
        PixelCount = pixelCount;
        ValidPixelCount = validPixelCount;
        Seed = seed;
        SourceCount = sourceCount;
        _vectors = vectors;
        _counts = counts;
    }

    public int BandCount => DataTypes.Count;
    public IReadOnlyList<RasterDataType> DataTypes { get; }
    /// <summary>Each band's NoData value where every source agreed on it; null otherwise.</summary>
    public IReadOnlyList<double?> NoDataValues { get; }
    public long PixelCount { get; }
    public long ValidPixelCount { get; }
    /// <summary>The seed of a stack's sample (summaries merge only with the same seed); 0 for one band.</summary>
    public int Seed { get; }
    /// <summary>How many bands or stacks were summarised.</summary>
    public int SourceCount { get; }
    /// <summary>"Histogram" (every distinct value of one band) or "Sample" (a sample of a stack's pixel vectors).</summary>
    public string Kind => BandCount == 1 ? "Histogram" : "Sample";
    /// <summary>Distinct values (one band) or distinct vectors sampled (several).</summary>
    public int EntryCount => _counts.Length;
    /// <summary>Valid pixels the entries stand for: all of them for one band, the sampled ones for several.</summary>
    public long SampledPixelCount => _counts.Sum();

    internal IReadOnlyList<double[]> Vectors => _vectors;
    internal IReadOnlyList<long> Counts => _counts;

    /// <summary>
    /// The entries as little-endian bytes: per entry its count, then its value per band, in single
    /// precision when every band's type fits it exactly (8- and 16-bit integers, Float32), else double.
    /// What crosses process boundaries: compact, and read back without parsing any text.
    /// </summary>
    public byte[] Entries
    {
        get
        {
            var single = SinglePrecision(DataTypes);
            var size = EntrySize(BandCount, single);
            var bytes = new byte[_counts.Length * size];
            for (var i = 0; i < _counts.Length; i++)
            {
                var entry = bytes.AsSpan(i * size, size);
                BinaryPrimitives.WriteInt64LittleEndian(entry, _counts[i]);
                for (var b = 0; b < BandCount; b++)
                    if (single) BinaryPrimitives.WriteSingleLittleEndian(entry[(8 + 4 * b)..], (float)_vectors[i][b]);
                    else BinaryPrimitives.WriteDoubleLittleEndian(entry[(8 + 8 * b)..], _vectors[i][b]);
            }
            return bytes;
        }
    }

    private static bool SinglePrecision(IReadOnlyList<RasterDataType> types) =>
        types.All(t => t is RasterDataType.Byte or RasterDataType.Int8 or RasterDataType.UInt16 or RasterDataType.Int16 or RasterDataType.Float32);

    private static int EntrySize(int bands, bool single) => 8 + bands * (single ? 4 : 8);

    /// <summary>A summary rebuilt from its serialised properties (see <see cref="Entries"/>).</summary>
    public static RasterSummary Restore(IReadOnlyList<RasterDataType> dataTypes, IReadOnlyList<double?> noDataValues, long pixelCount,
        long validPixelCount, int seed, int sourceCount, byte[] entries)
    {
        var bands = dataTypes.Count;
        var single = SinglePrecision(dataTypes);
        var size = EntrySize(bands, single);
        if (bands < 1 || noDataValues.Count != bands || entries.Length % size != 0)
            throw new RasterException("InvalidSummary", RasterErrorKind.InvalidData, "The summary's entries do not match its band count.");
        var n = entries.Length / size;
        var counts = new long[n];
        var vectors = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var entry = entries.AsSpan(i * size, size);
            counts[i] = BinaryPrimitives.ReadInt64LittleEndian(entry);
            vectors[i] = new double[bands];
            for (var b = 0; b < bands; b++)
                vectors[i][b] = single ? BinaryPrimitives.ReadSingleLittleEndian(entry[(8 + 4 * b)..]) : BinaryPrimitives.ReadDoubleLittleEndian(entry[(8 + 8 * b)..]);
        }
        return new RasterSummary(dataTypes, noDataValues, pixelCount, validPixelCount, seed, vectors, counts, sourceCount);
    }

    /// <summary>A summary as it is, a band or stack summarised, or null for anything else.</summary>
    public static RasterSummary? Of(object input, int seed, ProgressReporter? progress = null, CancellationToken cancellation = default) => input switch
    {
        RasterSummary summary => summary,
        IRasterSource source => Measure(source, seed, progress, cancellation),
        _ => null,
    };

    /// <summary>Summarises the valid pixels of a band or stack in one streamed pass.</summary>
    /// <param name="seed">The stack sample's seed (ignored for one band).</param>
    public static RasterSummary Measure(IRasterSource source, int seed, ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        var types = source.Bands.Select(b => b.DataType).ToArray();
        var noData = source.Bands.Select(b => b.NoDataValue).ToArray();
        if (source.Bands.Count == 1)
        {
            var (groups, _, _) = OneBandFitter.Gather(source.Bands[0], progress, cancellation, exactOnly: true);
            return new RasterSummary(types, noData, source.Grid.PixelCount, groups.ValidCount, 0,
                groups.Values.Select(v => new[] { v }).ToArray(), groups.Weights.Select(w => (long)w).ToArray(), 1);
        }
        var sample = new BottomK(StackSampleCapacity, source.Bands.Count, seed);
        long valid = 0;
        var windows = WindowRunner.WindowsOf(source).Count;
        WindowRunner.Run(source, pixels =>
        {
            var candidates = sample.Candidates(pixels);
            return (candidates, (long)pixels.ValidCount);
        }, (index, _, part) =>
        {
            sample.Add(part.candidates);
            valid += part.Item2;
            progress?.Invoke("Sampling pixel vectors", (index + 1.0) / windows);
        }, cancellation);
        var (vectors, counts) = sample.Result();
        return new RasterSummary(types, noData, source.Grid.PixelCount, valid, seed, vectors, counts, 1);
    }

    /// <summary>One summary of all the pixels of several: the same whatever their order or grouping.</summary>
    public static RasterSummary Merge(IReadOnlyList<RasterSummary> summaries)
    {
        if (summaries.Count == 0) throw new RasterException("NoSummaries", RasterErrorKind.InvalidArgument, "No summaries were given to merge.");
        var first = summaries[0];
        foreach (var other in summaries.Skip(1))
        {
            if (!other.DataTypes.SequenceEqual(first.DataTypes))
                throw new RasterException("SummaryMismatch", RasterErrorKind.Mismatch,
                    $"Summaries of {Describe(first)} and of {Describe(other)} cannot be merged: their band counts or data types differ.");
            if (other.Seed != first.Seed)
                throw new RasterException("SummaryMismatch", RasterErrorKind.Mismatch,
                    $"Stack summaries sampled with seeds {first.Seed} and {other.Seed} cannot be merged: summarise every input with the same -Seed.");
        }
        var noData = Enumerable.Range(0, first.BandCount)
            .Select(b => summaries.Select(s => s.NoDataValues[b]).Distinct().Count() == 1 ? first.NoDataValues[b] : null).ToArray();
        var pixels = summaries.Sum(s => s.PixelCount);
        var valid = summaries.Sum(s => s.ValidPixelCount);
        var sources = summaries.Sum(s => s.SourceCount);
        if (first.BandCount == 1)
        {
            var merged = new SortedDictionary<double, long>();
            foreach (var s in summaries)
                for (var i = 0; i < s._counts.Length; i++)
                    merged[s._vectors[i][0]] = merged.GetValueOrDefault(s._vectors[i][0]) + s._counts[i];
            return new RasterSummary(first.DataTypes, noData, pixels, valid, 0, merged.Keys.Select(v => new[] { v }).ToArray(), merged.Values.ToArray(), sources);
        }
        var sample = new BottomK(StackSampleCapacity, first.BandCount, first.Seed);
        foreach (var s in summaries) sample.Add(s._vectors.Select((v, i) => (sample.Hash(v), v, s._counts[i])).ToList());
        var (vectors, counts) = sample.Result();
        return new RasterSummary(first.DataTypes, noData, pixels, valid, first.Seed, vectors, counts, sources);
    }

    private static string Describe(RasterSummary s) => $"{s.BandCount} band(s) of {string.Join(",", s.DataTypes.Distinct())}";

    public override string ToString() =>
        $"{Kind} of {ValidPixelCount:N0} valid pixels in {SourceCount} source(s), {BandCount} band(s): {EntryCount:N0} entries";
}
