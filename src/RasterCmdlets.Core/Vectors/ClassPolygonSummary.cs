using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Vectors;

/// <summary>What was written: the features per class.</summary>
public sealed record ClassPolygonSummary(string Path, string Driver, long Features, IReadOnlyDictionary<int, long> FeaturesPerClass);
