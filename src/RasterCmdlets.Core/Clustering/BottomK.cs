using System.Buffers.Binary;
using System.Collections.ObjectModel;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// The <c>capacity</c> distinct vectors of smallest hash, each with the count of every pixel that has
/// it. A vector's hash depends on its values and the seed only, so every pixel of a kept vector is
/// counted, wherever it is, and the result does not depend on the order vectors arrive in.
/// </summary>
internal sealed class BottomK(int capacity, int bands, int seed)
{
    private readonly Dictionary<VectorKey, (ulong Hash, long Count)> _kept = new();
    // Vectors hashing above this cannot be among the kept ones: a filter that only ever falls.
    private ulong _threshold = ulong.MaxValue;

    public ulong Hash(double[] vector)
    {
        var h = PixelSample.Hash((ulong)bands, seed);
        foreach (var v in vector) h = PixelSample.Hash(h ^ (ulong)BitConverter.DoubleToInt64Bits(v == 0 ? 0 : v), seed);
        return h;
    }

    /// <summary>The window's valid pixel vectors that may be kept (worker thread).</summary>
    public List<(ulong Hash, double[] Vector, long Count)> Candidates(WindowPixels pixels)
    {
        var threshold = Volatile.Read(ref _threshold);
        var found = new Dictionary<VectorKey, (ulong Hash, long Count)>();
        var valid = pixels.Validity;
        var vector = new double[bands];
        for (var i = 0; i < pixels.Count; i++)
        {
            if (valid[i] == 0) continue;
            for (var b = 0; b < bands; b++) vector[b] = PixelMath.ValueAt(pixels.RawBand(b), pixels.Types[b], i);
            var hash = Hash(vector);
            if (hash > threshold) continue;
            var key = new VectorKey((double[])vector.Clone());
            found[key] = found.TryGetValue(key, out var seen) ? (hash, seen.Count + 1) : (hash, 1);
            // A vector beyond the window's own smallest <capacity> cannot be among the kept ones:
            // trimming here keeps a worker's memory bounded whatever the window holds.
            if (found.Count > 2 * capacity) threshold = TrimTo(found, capacity);
        }
        if (found.Count > capacity) TrimTo(found, capacity);
        return found.Select(e => (e.Value.Hash, e.Key.Values, e.Value.Count)).ToList();
    }

    /// <summary>Adds candidates and their counts (calling thread, in window order).</summary>
    public void Add(IEnumerable<(ulong Hash, double[] Vector, long Count)> candidates)
    {
        foreach (var (hash, vector, count) in candidates)
        {
            var key = new VectorKey(vector);
            _kept[key] = _kept.TryGetValue(key, out var seen) ? (hash, seen.Count + count) : (hash, count);
        }
        if (_kept.Count > 2 * capacity) Trim();
    }

    public (double[][] Vectors, long[] Counts) Result()
    {
        Trim();
        var ordered = Ordered().ToArray();
        return (ordered.Select(e => e.Key.Values).ToArray(), ordered.Select(e => e.Value.Count).ToArray());
    }

    private IEnumerable<KeyValuePair<VectorKey, (ulong Hash, long Count)>> Ordered() => Ordered(_kept);

    private static IEnumerable<KeyValuePair<VectorKey, (ulong Hash, long Count)>> Ordered(Dictionary<VectorKey, (ulong Hash, long Count)> entries) =>
        entries.OrderBy(e => e.Value.Hash).ThenBy(e => e.Key, VectorKey.Order);

    private void Trim()
    {
        if (_kept.Count > capacity) Volatile.Write(ref _threshold, TrimTo(_kept, capacity));
    }

    /// <summary>Keeps the <paramref name="size"/> entries of smallest (hash, vector); returns the largest hash kept.</summary>
    private static ulong TrimTo(Dictionary<VectorKey, (ulong Hash, long Count)> entries, int size)
    {
        foreach (var key in Ordered(entries).Skip(size).Select(e => e.Key).ToArray()) entries.Remove(key);
        return entries.Values.Max(e => e.Hash);
    }

    private sealed class VectorKey(double[] values) : IEquatable<VectorKey>
    {
        public static readonly IComparer<VectorKey> Order = Comparer<VectorKey>.Create((a, b) =>
        {
            for (var i = 0; i < a.Values.Length; i++) { var c = a.Values[i].CompareTo(b.Values[i]); if (c != 0) return c; }
            return 0;
        });

        public double[] Values { get; } = values;
        public bool Equals(VectorKey? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);
        public override bool Equals(object? obj) => Equals(obj as VectorKey);
        public override int GetHashCode()
        {
            var h = new HashCode();
            foreach (var v in Values) h.Add(v);
            return h.ToHashCode();
        }
    }
}
