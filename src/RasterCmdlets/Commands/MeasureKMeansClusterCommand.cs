using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Scores several K on a band or stack, to choose K: the inertia over every valid pixel (look for
/// the elbow) and the silhouette on a sample (higher is better).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "KMeansCluster")]
[OutputType(typeof(KMeansScore))]
public sealed class MeasureKMeansClusterCommand : RasterCmdlet
{
    /// <summary>A band or stack (scored on its own), or summaries (merged, and scored once, together, at the end).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>The K to score, such as 2..8.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [RangeTransformation]
    [ValidateRange(KMeansOptions.MinK, KMeansOptions.MaxK)]
    public int[] K { get; set; } = [];

    /// <summary>Seed of the pixel sample and k-means++ for several bands; a random seed is chosen (and recorded in each score) otherwise.</summary>
    [Parameter]
    public int? Seed { get; set; }

    private RasterSummary? _summaries;

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        switch (Unwrapped(InputObject))
        {
            case RasterSummary summary:
                _summaries = _summaries is null ? summary : RasterSummary.Merge([_summaries, summary]);
                break;
            case IRasterSource source:
                WriteObject(KMeansScores.Measure(source, K.Distinct().Order().ToArray(), Seed, ReportProgress, StopToken), enumerateCollection: true);
                break;
            case var other:
                throw InputRefused(other, "bands, stacks or summaries");
        }
    }

    protected override void EndInput()
    {
        if (_summaries is null) return;
        Attempt(_summaries, () => WriteObject(KMeansScores.Measure(_summaries, K.Distinct().Order().ToArray(), Seed ?? 0, StopToken), enumerateCollection: true));
    }
}
