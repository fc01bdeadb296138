using System.Runtime.CompilerServices;
using System.Numerics;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// The hot loop of multi-band K-means, one SIMD lane per pixel: the nearest centre of each pixel
/// (ties to the lower class), and, fused in the same loop, each class's pixel count, coordinate
/// sums and the sum of squared distances. Windows are processed in chunks small enough for the L1
/// cache; per-lane float accumulators are flushed to doubles every chunk, which keeps them exact
/// for 16-bit data (at most 256 additions of values below 2^16 per lane stay below 2^24).
/// The scalar tail uses the same single-precision arithmetic, so a pixel's label does not depend
/// on where it falls in a vector.
/// </summary>
internal static class LloydKernel
{
    public const int Chunk = 2048;

    /// <summary>Classifies (and optionally accumulates) every pixel of a window in its native types.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TLabel>(WindowPixels pixels, float[] centres, int k, Span<TLabel> labels, TLabel missing, ClusterSums? sums,
        ChunkScratch scratch) where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var bands = pixels.Types.Length;
        var planes = scratch.Planes(bands);
        var validity = scratch.Validity;
        for (var start = 0; start < pixels.Count; start += Chunk)
        {
            var count = Math.Min(Chunk, pixels.Count - start);
            for (var b = 0; b < bands; b++)
            {
                var size = pixels.Types[b].SizeInBytes();
                PixelMath.ToSingle(pixels.RawBand(b).Slice(start * size, count * size), pixels.Types[b], planes[b].AsSpan(0, count));
            }
            var valid = ReadOnlySpan<float>.Empty;
            if (pixels.MayHaveMissing)
            {
                PixelMath.ToSingle(pixels.Validity.Slice(start, count), RasterDataType.Byte, validity.AsSpan(0, count));
                valid = validity.AsSpan(0, count);
            }
            Assign(planes, 0, count, valid, centres, k, labels.IsEmpty ? labels : labels.Slice(start, count), missing, sums);
        }
    }

    /// <param name="planes">One plane of float values per band.</param>
    /// <param name="valid">1 or 0 per pixel, or empty when every pixel is valid.</param>
    /// <param name="centres">K x bands, k-major.</param>
    /// <param name="labels">Receives the nearest centre's index, or <paramref name="missing"/>; empty to skip.</param>
    /// <param name="sums">Receives counts, sums and squared distances of valid pixels; null to skip.</param>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Assign<TLabel>(float[][] planes, int offset, int count, ReadOnlySpan<float> valid, float[] centres, int k,
        Span<TLabel> labels, TLabel missing, ClusterSums? sums) where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var bands = planes.Length;
        var width = Vector<float>.Count;
        var i = 0;
        if (Vector.IsHardwareAccelerated && count >= width)
        {
            Span<Vector<float>> sumLanes = stackalloc Vector<float>[sums is null ? 0 : k * bands];
            Span<Vector<float>> countLanes = stackalloc Vector<float>[sums is null ? 0 : k];
            var distanceLanes = Vector<float>.Zero;
            Span<float> lane = stackalloc float[width];
            var iterations = 0;
            for (; i + width <= count; i += width)
            {
                var best = new Vector<float>(float.PositiveInfinity);
                var bestK = Vector<float>.Zero;
                for (var c = 0; c < k; c++)
                {
                    var d = Vector<float>.Zero;
                    for (var b = 0; b < bands; b++)
                    {
                        var diff = new Vector<float>(planes[b], offset + i) - new Vector<float>(centres[c * bands + b]);
                        d += diff * diff;
                    }
                    var closer = Vector.LessThan(d, best);
                    best = Vector.ConditionalSelect(closer, d, best);
                    bestK = Vector.ConditionalSelect(closer, new Vector<float>(c), bestK);
                }
                var isValid = valid.IsEmpty ? new Vector<int>(-1) : Vector.GreaterThan(new Vector<float>(valid[i..]), Vector<float>.Zero);
                if (!labels.IsEmpty)
                {
                    bestK.CopyTo(lane);
                    for (var j = 0; j < width; j++)
                        labels[i + j] = valid.IsEmpty || valid[i + j] > 0 ? TLabel.CreateTruncating((int)lane[j]) : missing;
                }
                if (sums is null) continue;
                distanceLanes += Vector.ConditionalSelect(isValid, best, Vector<float>.Zero);
                for (var c = 0; c < k; c++)
                {
                    var member = Vector.Equals(bestK, new Vector<float>(c)) & isValid;
                    countLanes[c] += Vector.ConditionalSelect(member, Vector<float>.One, Vector<float>.Zero);
                    for (var b = 0; b < bands; b++)
                        sumLanes[c * bands + b] += Vector.ConditionalSelect(member, new Vector<float>(planes[b], offset + i), Vector<float>.Zero);
                }
                if (++iterations == 256)
                {
                    sums.Flush(sumLanes, countLanes, ref distanceLanes);
                    iterations = 0;
                }
            }
            sums?.Flush(sumLanes, countLanes, ref distanceLanes);
        }
        for (; i < count; i++)
        {
            var best = float.PositiveInfinity;
            var bestK = 0;
            for (var c = 0; c < k; c++)
            {
                var d = 0f;
                for (var b = 0; b < bands; b++)
                {
                    var diff = planes[b][offset + i] - centres[c * bands + b];
                    d += diff * diff;
                }
                if (d < best) { best = d; bestK = c; }
            }
            var isValid = valid.IsEmpty || valid[i] > 0;
            if (!labels.IsEmpty) labels[i] = isValid ? TLabel.CreateTruncating(bestK) : missing;
            if (sums is null || !isValid) continue;
            sums.Counts[bestK]++;
            sums.Distances += best;
            for (var b = 0; b < bands; b++) sums.Sums[bestK * bands + b] += planes[b][offset + i];
        }
    }
}
