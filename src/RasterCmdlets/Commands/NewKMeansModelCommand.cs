using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Fits ONE K-means model over every band, stack or summary piped in, of any size, CRS or grid:
/// each input is summarised as it arrives and merged, so memory stays flat in their number and size,
/// and the model depends on the pixels alone, never on how they were split between inputs, processes
/// or machines. One band: the exact optimum of the union. Stacks: weighted k-means++ and Lloyd on a
/// merged, hash-chosen sample. The sample's seed belongs to the summaries (Measure-RasterSummary
/// -Seed; 0 for inputs summarised here); -Seed here chooses the initialisation only, so another
/// initialisation of a region's summaries needs no re-reading of its tiles.
/// </summary>
[Cmdlet(VerbsCommon.New, "KMeansModel")]
[OutputType(typeof(KMeansModel))]
public sealed class NewKMeansModelCommand : RasterCmdlet
{
    private RasterSummary? _summary;

    /// <summary>A band, a stack, or a summary from Measure-RasterSummary.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(KMeansOptions.MinK, KMeansOptions.MaxK)]
    public int K { get; set; }

    /// <summary>
    /// Seed of the k-means++ initialisation on the summaries (not of their sample). Fixed at 0 by
    /// default, so that the same summaries give the same model wherever the model is fitted.
    /// </summary>
    [Parameter]
    public int Seed { get; set; }

    [Parameter]
    [ValidateRange(1, 100000)]
    public int MaxIterations { get; set; } = KMeansOptions.DefaultMaxIterations;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Tolerance { get; set; } = KMeansOptions.DefaultTolerance;

    protected override object? ErrorTarget => InputObject;

    protected override bool EndFailureStopsThePipeline => true;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        // Bands and stacks are summarised as Measure-RasterSummary does by default, so that they merge with its summaries.
        var summary = RasterSummary.Of(input, RasterSummary.DefaultSeed, ReportProgress, StopToken)
            ?? throw InputRefused(input, "bands, stacks or summaries");
        _summary = _summary is null ? summary : RasterSummary.Merge([_summary, summary]);
        WriteVerbose($"Added {summary}.");
    }

    protected override void EndInput()
    {
        if (_summary is null) return;
        {
            var started = DateTime.UtcNow;
            var model = SummaryFitter.Fit(_summary, new KMeansOptions(K, Seed, MaxIterations, Tolerance), StopToken);
            WriteVerbose($"Fitted one {K}-class model over {_summary} in {(DateTime.UtcNow - started).TotalSeconds:F2} s: inertia {model.Inertia:G8}, method {model.Method}.");
            WriteObject(model);
        }
    }
}
