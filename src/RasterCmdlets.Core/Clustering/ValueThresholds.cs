using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// The classes of one band's values: a value's class is the number of midpoints between
/// consecutive centres that lie strictly below it (ties go to the lower class).
/// </summary>
internal sealed class ValueThresholds
{
    private readonly double[] _midpoints;
    private readonly float[] _floatMidpoints;

    /// <param name="centres">One-band centres, ascending.</param>
    public ValueThresholds(IReadOnlyList<double> centres)
    {
        Centres = centres.ToArray();
        _midpoints = new double[centres.Count - 1];
        for (var k = 0; k + 1 < centres.Count; k++) _midpoints[k] = (centres[k] + centres[k + 1]) / 2;
        _floatMidpoints = FloatFloors(_midpoints);
    }

    public double[] Centres { get; }
    public int K => Centres.Length;

    public ushort LabelOf(double value)
    {
        var label = 0;
        while (label < _midpoints.Length && value > _midpoints[label]) label++;
        return (ushort)label;
    }

    /// <summary>The same label as <see cref="LabelOf(double)"/> gives the float widened, compared in floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort LabelOf(float value)
    {
        var label = 0;
        while (label < _floatMidpoints.Length && value > _floatMidpoints[label]) label++;
        return (ushort)label;
    }

    /// <summary>Labels Float32 values (an index, a reflectance) with SIMD compares: <see cref="LabelOf(float)"/> of each.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Label<TLabel>(ReadOnlySpan<float> values, Span<TLabel> labels) where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<int> lanes = stackalloc int[Vector<int>.Count];
            for (; i + Vector<float>.Count <= values.Length; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);
                var label = Vector<int>.Zero;
                // A true compare is −1 in every bit: subtracting it counts the midpoints below.
                foreach (var m in _floatMidpoints) label -= Vector.GreaterThan(v, new Vector<float>(m));
                label.CopyTo(lanes);
                for (var j = 0; j < lanes.Length; j++) labels[i + j] = TLabel.CreateTruncating(lanes[j]);
            }
        }
        for (; i < values.Length; i++) labels[i] = TLabel.CreateTruncating(LabelOf(values[i]));
    }

    /// <summary>
    /// Each midpoint as the largest float not above it: for a float v, v &gt; m exactly when v &gt;
    /// that float (a float above m is at least the next float after it), so floats are labelled
    /// without widening each to a double.
    /// </summary>
    private static float[] FloatFloors(double[] midpoints) => midpoints.Select(m =>
    {
        var f = (float)m;
        return f > m ? MathF.BitDecrement(f) : f;
    }).ToArray();
}
