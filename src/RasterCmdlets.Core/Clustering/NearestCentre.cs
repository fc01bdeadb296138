using System.Numerics;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// The hot loop of multi-band K-means: for each pixel, the nearest centre and the squared distance
/// to it. Vectorised across pixels (one SIMD lane per pixel); the scalar tail uses the same single
/// precision arithmetic, so a pixel's label does not depend on where it falls in a vector.
/// </summary>
internal static class NearestCentre
{
    /// <param name="planes">One plane of float values per band, all of the same length.</param>
    /// <param name="centres">K x bands, k-major.</param>
    /// <param name="labels">Receives the nearest centre's index (ties go to the lower index).</param>
    /// <param name="distances">Receives the squared distance to it.</param>
    public static void Assign(float[][] planes, int start, int count, float[] centres, int k, Span<ushort> labels, Span<float> distances)
    {
        var bands = planes.Length;
        var i = 0;
        var width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && count >= width)
        {
            Span<float> bestLabel = stackalloc float[width];
            for (; i + width <= count; i += width)
            {
                var best = new Vector<float>(float.PositiveInfinity);
                var bestK = Vector<float>.Zero;
                for (var c = 0; c < k; c++)
                {
                    var d = Vector<float>.Zero;
                    for (var b = 0; b < bands; b++)
                    {
                        var diff = new Vector<float>(planes[b], start + i) - new Vector<float>(centres[c * bands + b]);
                        d += diff * diff;
                    }
                    var closer = Vector.LessThan(d, best);
                    best = Vector.ConditionalSelect(closer, d, best);
                    bestK = Vector.ConditionalSelect(closer, new Vector<float>(c), bestK);
                }
                best.CopyTo(distances[i..]);
                bestK.CopyTo(bestLabel);
                for (var j = 0; j < width; j++) labels[i + j] = (ushort)bestLabel[j];
            }
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
                    var diff = planes[b][start + i] - centres[c * bands + b];
                    d += diff * diff;
                }
                if (d < best) { best = d; bestK = c; }
            }
            distances[i] = best;
            labels[i] = (ushort)bestK;
        }
    }
}
