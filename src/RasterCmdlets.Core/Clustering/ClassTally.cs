using System.Collections.ObjectModel;
using System.Numerics;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>What a model's labels are on one source, measured on that source's pixels.</summary>
/// <param name="ClassPixelCounts">Pixels in each class, class 0 first.</param>
/// <param name="NoDataPixelCount">Pixels with no class (NoData, NaN, masked).</param>
/// <param name="Inertia">Sum over the valid pixels of the squared distance to their class's centre.</param>
public sealed record ClassTally(IReadOnlyList<long> ClassPixelCounts, long NoDataPixelCount, double Inertia);
