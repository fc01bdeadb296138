using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Fits ONE K-means model over every band, stack or summary piped in, of any size, CRS or grid:
/// each input is summarised as it arrives and merged, so memory stays flat in their number and size,
/// and the model depends on the pixels alone, never on how they were split between inputs, processes
/// or machines. One band: the exact optimum of the union. Stacks: weighted k-means++ and Lloyd on a
/// merged, hash-chosen sample.
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
    /// Seed of the stack sample and of k-means++. Fixed at 0 by default, as in Measure-RasterSummary,
    /// so that summaries made elsewhere with the default merge into the same model.
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
        var summary = RasterSummary.Of(input, Seed, ReportProgress, StopToken) ?? throw InputRefused(input, "bands, stacks or summaries");
        _summary = _summary is null ? summary : RasterSummary.Merge([_summary, summary]);
        WriteVerbose($"Added {summary}.");
    }

    protected override void EndInput()
    {
        if (_summary is null) return;
        {
            var started = DateTime.UtcNow;
            // Summaries of stacks carry the seed they were sampled with: it seeds the fit too, unless given.
            var seed = MyInvocation.BoundParameters.ContainsKey(nameof(Seed)) ? Seed : _summary.Seed;
            if (_summary.BandCount > 1 && seed != _summary.Seed)
                throw new RasterException("SummaryMismatch", RasterErrorKind.Mismatch,
                    $"The summaries were sampled with seed {_summary.Seed}, not {seed}: summarise with -Seed {seed}, or leave -Seed out here.");
            var model = SummaryFitter.Fit(_summary, new KMeansOptions(K, seed, MaxIterations, Tolerance), StopToken);
            WriteVerbose($"Fitted one {K}-class model over {_summary} in {(DateTime.UtcNow - started).TotalSeconds:F2} s: inertia {model.Inertia:G8}, method {model.Method}.");
            WriteObject(model);
        }
    }
}
