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

    /// <param name="centres">One-band centres, ascending.</param>
    public ValueThresholds(IReadOnlyList<double> centres)
    {
        Centres = centres.ToArray();
        _midpoints = new double[centres.Count - 1];
        for (var k = 0; k + 1 < centres.Count; k++) _midpoints[k] = (centres[k] + centres[k + 1]) / 2;
    }

    public double[] Centres { get; }
    public int K => Centres.Length;

    public ushort LabelOf(double value)
    {
        var label = 0;
        while (label < _midpoints.Length && value > _midpoints[label]) label++;
        return (ushort)label;
    }
}
