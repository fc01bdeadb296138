using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Core.Vectors;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>What was drawn: points per class, and the classes that had fewer pixels than asked.</summary>
public sealed record AccuracySampleSummary(string Path, int Seed, IReadOnlyDictionary<long, int> PointsPerClass, IReadOnlyList<string> ShortClasses);
