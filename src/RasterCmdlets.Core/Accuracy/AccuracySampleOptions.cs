using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Core.Vectors;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>What <see cref="AccuracySample.Write"/> draws and writes.</summary>
public sealed record AccuracySampleOptions
{
    /// <summary>Points per class (fewer where a class has fewer pixels).</summary>
    public required int PerClass { get; init; }
    public required int Seed { get; init; }
    /// <summary>Names of the map's classes, class 0 first; otherwise the map's own.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];
    /// <summary>A raster of classes whose value at each point fills the reference field; null leaves it empty.</summary>
    public string? Reference { get; init; }
    public bool Overwrite { get; init; }
}
