namespace RasterCmdlets.Core.Clustering;

/// <summary>How a K-means model was fitted.</summary>
public enum KMeansMethod
{
    /// <summary>The exact one-band optimum, from the value histogram of an 8- or 16-bit band.</summary>
    ExactHistogram,
    /// <summary>The exact one-band optimum, from the sorted distinct values of a wider band.</summary>
    ExactSorted,
    /// <summary>The one-band optimum on a fine histogram of a band with too many distinct values, measured again on the pixels.</summary>
    FineHistogram,
    /// <summary>Lloyd's algorithm over every pixel, after k-means++ and Lloyd on a sample.</summary>
    Lloyd,
    /// <summary>Lloyd's algorithm on the weighted sample of merged summaries.</summary>
    SummaryLloyd,
}
