using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>What a K-means fit is asked for. Validated on construction, like scikit-learn's estimator parameters.</summary>
public sealed record KMeansOptions
{
    public const int MinK = 2;
    /// <summary>Labels are at most 16 bits, one value of which marks missing pixels.</summary>
    public const int MaxK = 65535;
    public const int DefaultMaxIterations = 300;
    public const double DefaultTolerance = 1e-4;

    public KMeansOptions(int k, int? seed = null, int maxIterations = DefaultMaxIterations, double tolerance = DefaultTolerance)
    {
        RequireValidK(k);
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "MaxIterations must be at least 1.");
        if (!(tolerance >= 0) || double.IsInfinity(tolerance)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Tolerance must be a finite number >= 0.");
        K = k;
        Seed = ResolveSeed(seed);
        MaxIterations = maxIterations;
        Tolerance = tolerance;
    }

    public int K { get; }
    /// <summary>The seed used: the caller's, or a random one recorded so the run can be repeated.</summary>
    public int Seed { get; }
    public int MaxIterations { get; }
    /// <summary>Convergence threshold on the squared centre shift, relative to the mean per-band variance (as scikit-learn).</summary>
    public double Tolerance { get; }
    /// <summary>
    /// Pixels sampled to start multi-band fits: k-means++ runs on a spread subset of
    /// <see cref="InitializationSampleSize"/>, Lloyd then converges on ever larger subsets and last
    /// on the whole sample (<see cref="SampleKMeans"/>), so that the passes over every pixel only polish. With two million pixels, the sampling noise of the
    /// centres is well under the passes' tolerance on a Sentinel-2 stack: one pass usually suffices.
    /// </summary>
    public int SampleSize { get; init; } = 1 << 21;
    public int InitializationSampleSize { get; init; } = 1 << 13;
    /// <summary>k-means++ initialisations tried on the sample; the best seeds the full-data passes.</summary>
    public int Initializations { get; init; } = 10;

    /// <summary>The caller's seed, or a random one (recorded by whoever uses it, so that a run can be repeated).</summary>
    public static int ResolveSeed(int? seed) => seed ?? Random.Shared.Next();

    public static void RequireValidK(int k)
    {
        if (k is < MinK or > MaxK)
            throw new RasterException("InvalidK", RasterErrorKind.InvalidArgument, $"K must be from {MinK} to {MaxK}, not {k}.");
    }

    /// <summary>Refuses a fit that cannot have K classes: no valid pixel, or fewer distinct values than K.</summary>
    /// <param name="distinctValues">Distinct valid values (or pixels, for several bands) found, counted up to K at least.</param>
    internal static void RequireEnough(string source, long validPixels, int distinctValues, int k)
    {
        if (validPixels == 0)
            throw new RasterException("NoValidPixels", RasterErrorKind.InvalidData, $"{source} has no valid pixel: every pixel is NoData, NaN or masked.");
        if (distinctValues < k)
            throw new RasterException("KExceedsDistinctValues", RasterErrorKind.InvalidArgument,
                $"K={k} classes were asked of {source}, but its valid pixels take only {distinctValues} distinct value(s).");
    }
}
