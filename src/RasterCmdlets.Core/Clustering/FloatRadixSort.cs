using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Sorts floats by their bits, 11 at a time, least significant digit first: three linear passes at
/// most instead of a comparison sort's n log n compares. The exact distinct-value pass sorts every
/// window it reads until the band proves to have too many values: for a 10980² MNDWI that took 1 s
/// of CPU with <see cref="MemoryExtensions.Sort{T}(Span{T})"/>, 0.1 s with this (perf).
/// </summary>
/// <remarks>
/// The order is that of the bits made comparable (negative values reversed, the sign flipped), so
/// −0 sorts just before +0, which compare equal, and NaN, which the callers never pass, last.
/// </remarks>
internal static class FloatRadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = 3; // 11 + 11 + 10 bits

    /// <summary>Sorts <paramref name="values"/> ascending; <paramref name="scratch"/> is at least as long and is overwritten.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(Span<float> values, Span<float> scratch)
    {
        var n = values.Length;
        if (n < 2) return;
        if (scratch.Length < n) throw new ArgumentException("The scratch space is shorter than the values.", nameof(scratch));
        var keys = MemoryMarshal.Cast<float, uint>(values);
        var spare = MemoryMarshal.Cast<float, uint>(scratch)[..n];

        Span<int> counts = stackalloc int[Passes * Buckets];
        counts.Clear();
        for (var i = 0; i < n; i++)
        {
            var key = Comparable(keys[i]);
            keys[i] = key;
            counts[(int)(key & (Buckets - 1))]++;
            counts[Buckets + (int)((key >> DigitBits) & (Buckets - 1))]++;
            counts[2 * Buckets + (int)(key >> (2 * DigitBits))]++;
        }

        var from = keys;
        var to = spare;
        for (var pass = 0; pass < Passes; pass++)
        {
            var shift = pass * DigitBits;
            var digitCounts = counts.Slice(pass * Buckets, Buckets);
            // A digit every key shares (the sign and exponent of values of one magnitude) orders nothing.
            if (digitCounts[(int)((from[0] >> shift) & (Buckets - 1))] == n) continue;
            var next = 0;
            for (var d = 0; d < Buckets; d++)
            {
                var count = digitCounts[d];
                digitCounts[d] = next;
                next += count;
            }
            for (var i = 0; i < n; i++)
            {
                var key = from[i];
                to[digitCounts[(int)((key >> shift) & (Buckets - 1))]++] = key;
            }
            var swap = from;
            from = to;
            to = swap;
        }
        if (from != keys) from.CopyTo(keys);
        for (var i = 0; i < n; i++) keys[i] = Original(keys[i]);
    }

    /// <summary>Bits that order as the floats do: a positive value's sign bit set, a negative value's bits all inverted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Comparable(uint bits) => bits ^ ((uint)((int)bits >> 31) | 0x8000_0000u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Original(uint key) => key ^ (((key >> 31) - 1) | 0x8000_0000u);
}
