using System.Numerics;
using System.Runtime.CompilerServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// The Lloyd step of every multi-band fit: on a sample of pixels (each weighing 1) or on the
/// distinct vectors of a summary (each weighing its pixel count), so that a fix to ties, empty
/// classes or convergence is made here once. Lloyd's algorithm on in-memory points that skips the pixels that cannot change class (a
/// one-bound form of Hamerly's algorithm). Each pixel keeps its margin: how much nearer its centre
/// is than the second nearest. No distance changes by more than its centre's move, so when the
/// centres move every margin shrinks by at most twice the largest move; a pixel whose margin is not
/// yet spent keeps its class unseen. Class sums (weight × value, in double) change only where a
/// pixel changes class; weights change only the sums, never which pixels are looked at. On a
/// multi-band scene the centres creep along a flat valley for tens of iterations in which few pixels
/// change class: those cost a comparison per pixel instead of K distances.
/// Distances are those of <see cref="LloydKernel"/> (single precision, ties to the lower class);
/// margins are kept a little short of their value, so that rounding does not let a pixel skip a
/// look it needed. The sample is cut into fixed blocks, each with its own sums, added in block order:
/// results do not depend on the number of threads.
/// </summary>
internal sealed class BoundedLloyd
{
    // A multiple of the vector width, so that only the sample's last block has a scalar tail.
    private const int Block = 1 << 16;
    // Margins are shortened by this fraction of the distance to the second nearest centre: well over
    // the single-precision rounding of the distances, square roots and sums that give them.
    private const float Slack = 1e-5f;

    private readonly float[][] _planes;
    private readonly double[]? _weights;
    private readonly int _count;
    private readonly int _k;
    private readonly int[] _labels;
    // Per pixel, the total loosening at which its margin is spent: the margin when last measured,
    // plus the loosening until then. Comparing it with the running total spares a write per pixel.
    private readonly float[] _reach;
    private readonly BlockSums[] _sums;

    private BoundedLloyd(PixelSample sample, int k)
    {
        _planes = sample.Planes;
        _weights = sample.Weights;
        _count = sample.Count;
        _k = k;
        _labels = new int[_count];
        _reach = new float[_count];
        _sums = new BlockSums[(_count + Block - 1) / Block];
    }

    /// <summary>The means of the last partition.</summary>
    public double[][] Centres { get; private set; } = [];
    /// <summary>Partitions made.</summary>
    public int Iterations { get; private set; }
    /// <summary>Whether the centres moved no more than the threshold at the last step (rather than the iterations running out).</summary>
    public bool Converged { get; private set; }

    /// <summary>
    /// Lloyd from <paramref name="centres"/> until the squared centre shift is at most
    /// <paramref name="threshold"/>, or <paramref name="maxIterations"/> partitions.
    /// </summary>
    public static BoundedLloyd Run(PixelSample sample, double[][] centres, double threshold, int maxIterations,
        CancellationToken cancellation)
    {
        var lloyd = new BoundedLloyd(sample, centres.Length);
        var parallel = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Math.Max(1, WindowRunner.Parallelism) };
        var flat = CentreMath.Flatten(centres);
        Parallel.For(0, lloyd._sums.Length, parallel, block => lloyd.Partition(block, flat));
        var loosened = 0.0;
        for (var iteration = 1; ; iteration++)
        {
            var next = lloyd.Means(centres);
            var shift = CentreMath.SquaredShift(centres, next);
            centres = next;
            lloyd.Iterations = iteration;
            lloyd.Converged = shift <= threshold;
            if (shift <= threshold || iteration >= maxIterations) break;
            var nextFlat = CentreMath.Flatten(centres);
            loosened += 2 * LargestMove(flat, nextFlat, centres.Length);
            flat = nextFlat;
            // Rounded up: a pixel is looked at again no later than its margin is spent.
            var spentAt = MathF.BitIncrement((float)loosened);
            Parallel.For(0, lloyd._sums.Length, parallel, block => lloyd.Repartition(block, flat, spentAt));
        }
        lloyd.Centres = centres;
        return lloyd;
    }

    /// <summary>The weighted sum of squared distances of the points to the means of their classes.</summary>
    public double Inertia()
    {
        var inertia = 0.0;
        for (var i = 0; i < _count; i++)
        {
            var centre = Centres[_labels[i]];
            var d = 0.0;
            for (var b = 0; b < _planes.Length; b++)
            {
                var x = _planes[b][i] - centre[b];
                d += x * x;
            }
            inertia += (_weights?[i] ?? 1) * d;
        }
        return inertia;
    }

    private double[][] Means(double[][] previous)
    {
        var mass = new double[_k];
        var sums = new double[_k * _planes.Length];
        foreach (var block in _sums)
        {
            for (var c = 0; c < _k; c++) mass[c] += block.Mass[c];
            for (var s = 0; s < sums.Length; s++) sums[s] += block.Sums[s];
        }
        return CentreMath.Means(mass, sums, previous);
    }

    /// <summary>The largest distance a centre moved, in the single precision the distances use.</summary>
    private static double LargestMove(float[] from, float[] to, int k)
    {
        var bands = from.Length / k;
        var largest = 0.0;
        for (var c = 0; c < k; c++)
        {
            var squared = 0.0;
            for (var b = 0; b < bands; b++)
            {
                var x = (double)to[c * bands + b] - from[c * bands + b];
                squared += x * x;
            }
            largest = Math.Max(largest, Math.Sqrt(squared));
        }
        return largest;
    }

    /// <summary>The nearest centre and the margin of every pixel of a block, and the block's sums.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Partition(int block, float[] centres)
    {
        var sums = _sums[block] = new BlockSums(_k, _planes.Length, _weights);
        var start = block * Block;
        var end = Math.Min(_count, start + Block);
        var width = Vector<float>.Count;
        var i = start;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + width <= end; i += width)
            {
                var (labels, reach) = Nearest(i, centres, Vector<float>.Zero);
                labels.CopyTo(_labels, i);
                reach.CopyTo(_reach, i);
            }
        }
        for (; i < end; i++) (_labels[i], _reach[i]) = Nearest(i, centres, 0f);
        for (i = start; i < end; i++) sums.Add(_planes, i, _labels[i], 1);
    }

    /// <summary>Looks again at the pixels of a block whose margin is spent, and moves those whose nearest centre changed.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Repartition(int block, float[] centres, float spentAt)
    {
        var sums = _sums[block];
        var start = block * Block;
        var end = Math.Min(_count, start + Block);
        var width = Vector<float>.Count;
        var loosened = new Vector<float>(spentAt);
        var i = start;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + width <= end; i += width)
            {
                var reach = new Vector<float>(_reach, i);
                var spent = Vector.LessThanOrEqual(reach, loosened);
                if (Vector.EqualsAll(spent, Vector<int>.Zero)) continue;
                var (labels, newReach) = Nearest(i, centres, loosened);
                Vector.ConditionalSelect(spent, newReach, reach).CopyTo(_reach, i);
                var old = new Vector<int>(_labels, i);
                var moved = spent & ~Vector.Equals(labels, old);
                if (Vector.EqualsAll(moved, Vector<int>.Zero)) continue;
                for (var j = 0; j < width; j++)
                    if (moved[j] != 0) Move(i + j, old[j], labels[j], sums);
            }
        }
        for (; i < end; i++)
        {
            if (_reach[i] > spentAt) continue;
            var (label, reach) = Nearest(i, centres, spentAt);
            _reach[i] = reach;
            if (label != _labels[i]) Move(i, _labels[i], label, sums);
        }
    }

    private void Move(int i, int from, int to, BlockSums sums)
    {
        sums.Add(_planes, i, from, -1);
        sums.Add(_planes, i, to, 1);
        _labels[i] = to;
    }

    /// <summary>The nearest centre of the vector of pixels at <paramref name="i"/>, and the loosening at which each one's margin will be spent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector<int> Labels, Vector<float> Reach) Nearest(int i, float[] centres, Vector<float> loosened)
    {
        var bands = _planes.Length;
        var best = new Vector<float>(float.PositiveInfinity);
        var second = best;
        var bestK = Vector<int>.Zero;
        for (var c = 0; c < _k; c++)
        {
            var d = Vector<float>.Zero;
            for (var b = 0; b < bands; b++)
            {
                var diff = new Vector<float>(_planes[b], i) - new Vector<float>(centres[c * bands + b]);
                d += diff * diff;
            }
            var closer = Vector.LessThan(d, best);
            second = Vector.ConditionalSelect(closer, best, Vector.Min(d, second));
            best = Vector.ConditionalSelect(closer, d, best);
            bestK = Vector.ConditionalSelect(closer, new Vector<int>(c), bestK);
        }
        var far = Vector.SquareRoot(second);
        return (bestK, far - Vector.SquareRoot(best) - far * new Vector<float>(Slack) + loosened);
    }

    /// <summary>One pixel's <see cref="Nearest(int, float[], Vector{float})"/>, with the same arithmetic, so that a pixel's class does not depend on where it falls.</summary>
    private (int Label, float Reach) Nearest(int i, float[] centres, float loosened)
    {
        var bands = _planes.Length;
        var best = float.PositiveInfinity;
        var second = float.PositiveInfinity;
        var label = 0;
        for (var c = 0; c < _k; c++)
        {
            var d = 0f;
            for (var b = 0; b < bands; b++)
            {
                var diff = _planes[b][i] - centres[c * bands + b];
                d += diff * diff;
            }
            if (d < best) (second, best, label) = (best, d, c);
            else second = Math.Min(second, d);
        }
        var far = MathF.Sqrt(second);
        return (label, far - MathF.Sqrt(best) - far * Slack + loosened);
    }

    /// <summary>A block's class weights and weighted coordinate sums.</summary>
    private sealed class BlockSums(int k, int bands, double[]? weights)
    {
        public double[] Mass { get; } = new double[k];
        public double[] Sums { get; } = new double[k * bands];

        /// <summary>Adds (sign 1) or takes away (sign -1) point <paramref name="i"/> from a class.</summary>
        public void Add(float[][] planes, int i, int label, int sign)
        {
            var weight = sign * (weights?[i] ?? 1);
            Mass[label] += weight;
            for (var b = 0; b < bands; b++) Sums[label * bands + b] += weight * planes[b][i];
        }
    }
}
