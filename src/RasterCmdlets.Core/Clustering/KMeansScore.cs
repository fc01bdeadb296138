using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>How well K classes fit a raster: the inertia over every valid pixel and the silhouette on a sample.</summary>
public sealed record KMeansScore(int K, double Inertia, double Silhouette, int SilhouetteSampleSize, KMeansMethod Method, int Seed)
{
    public override string ToString() => $"K={K}: inertia {Inertia:G6}, silhouette {Silhouette:F3}";
}
