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
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IRasterSource InputObject { get; set; } = null!;

    /// <summary>The K to score, such as 2..8.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [RangeTransformation]
    [ValidateRange(KMeansOptions.MinK, KMeansOptions.MaxK)]
    public int[] K { get; set; } = [];

    /// <summary>Seed of the pixel sample and k-means++ for several bands; a random seed is chosen (and recorded in each score) otherwise.</summary>
    [Parameter]
    public int? Seed { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            foreach (var score in RunCore(() => KMeansScores.Measure(InputObject, K.Distinct().Order().ToArray(), Seed, ReportProgress, StopToken)))
                WriteObject(score);
        }
        catch (Exception e) when (IsReportable(e))
        {
            WriteError(ErrorFor(e, InputObject));
        }
    }
}
