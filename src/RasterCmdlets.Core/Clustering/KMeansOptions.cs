namespace RasterCmdlets.Core.Clustering;

/// <summary>What a K-means fit is asked for. Validated on construction, like scikit-learn's estimator parameters.</summary>
public sealed record KMeansOptions
{
    public KMeansOptions(int k, int? seed = null, int maxIterations = 300, double tolerance = 1e-4)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be at least 2.");
        if (k > 65535) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be at most 65535.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "MaxIterations must be at least 1.");
        if (!(tolerance >= 0) || double.IsInfinity(tolerance)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Tolerance must be a finite number >= 0.");
        K = k;
        Seed = seed ?? Random.Shared.Next();
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
    /// <see cref="InitializationSampleSize"/>, Lloyd then converges on the whole sample, so that the
    /// passes over every pixel only polish.
    /// </summary>
    public int SampleSize { get; init; } = 1 << 20;
    public int InitializationSampleSize { get; init; } = 1 << 16;
    /// <summary>k-means++ initialisations tried on the sample; the best seeds the full-data passes.</summary>
    public int Initializations { get; init; } = 10;
}
