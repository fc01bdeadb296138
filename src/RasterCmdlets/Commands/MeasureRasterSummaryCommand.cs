using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Summarises the values of each band or stack piped in, compactly and mergeably: what a K-means fit
/// needs and nothing else. With -Merge, one summary of everything piped in (summaries included).
/// Summaries cross process and machine boundaries (Invoke-Command, jobs), so a region's model can
/// be fitted from tiles stored on many machines.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "RasterSummary")]
[OutputType(typeof(RasterSummary))]
public sealed class MeasureRasterSummaryCommand : RasterCmdlet
{
    private readonly List<RasterSummary> _merged = [];

    /// <summary>A band, a stack, or a summary (to merge with -Merge).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>
    /// Seed of a stack's sample. Summaries merge only when sampled with the same seed, so the default
    /// is a fixed 0 (not a random seed, as Invoke-KMeansCluster's): summaries made on different
    /// machines then merge without agreeing on one first. New-KMeansModel's -Seed chooses its
    /// initialisation on the summaries, whatever seed they were sampled with.
    /// </summary>
    [Parameter]
    public int Seed { get; set; } = RasterSummary.DefaultSeed;

    /// <summary>Emit one summary of everything piped in, at the end, instead of one per input.</summary>
    [Parameter]
    public SwitchParameter Merge { get; set; }

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        var summary = RasterSummary.Of(input, Seed, ReportProgress, StopToken) ?? throw InputRefused(input, "bands, stacks or summaries");
        WriteVerbose($"{(input is RasterSummary ? "Took" : "Summarised")} {summary}.");
        if (!Merge) WriteObject(summary);
        // Merged as they come: memory stays that of two summaries, whatever the number of inputs.
        else MergeIn(summary);
    }

    private void MergeIn(RasterSummary summary)
    {
        var merged = RasterSummary.Merge([.. _merged, summary]);
        _merged.Clear();
        _merged.Add(merged);
    }

    protected override void EndInput()
    {
        if (Merge && _merged.Count == 1) WriteObject(_merged[0]);
    }
}
