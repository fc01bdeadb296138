using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Clusters the valid pixels of each band or stack piped in, and emits a ClassifiedRaster that
/// carries the fitted model and the pixel count of each class. One band is clustered exactly (the
/// globally optimal partition); several bands by Lloyd's algorithm from k-means++ on a sample.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "KMeansCluster", DefaultParameterSetName = FitSet)]
[OutputType(typeof(ClassifiedRaster))]
public sealed class InvokeKMeansClusterCommand : RasterCmdlet
{
    private const string FitSet = "Fit";
    private const string ModelSet = "Model";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IRasterSource InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FitSet)]
    [ValidateRange(KMeansOptions.MinK, KMeansOptions.MaxK)]
    public int K { get; set; }

    /// <summary>Classifies with a model fitted before (Import-KMeansModel, or a ClassifiedRaster's Model), without refitting.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
    [ValidateNotNull]
    public KMeansModel Model { get; set; } = null!;

    /// <summary>Makes the run reproducible; a random seed is chosen (and recorded in the model) otherwise.</summary>
    [Parameter(ParameterSetName = FitSet)]
    public int? Seed { get; set; }

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(1, 100000)]
    public int MaxIterations { get; set; } = KMeansOptions.DefaultMaxIterations;

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(0.0, 1.0)]
    public double Tolerance { get; set; } = KMeansOptions.DefaultTolerance;

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        {
            var started = DateTime.UtcNow;
            var result = ParameterSetName == ModelSet
                ? KMeansClassifier.Apply(InputObject, Model, ReportProgress, StopToken)
                : KMeansFitter.Fit(InputObject, new KMeansOptions(K, Seed, MaxIterations, Tolerance), ReportProgress, WriteVerbose, StopToken).ClassMap;
            WriteVerbose(ParameterSetName == ModelSet
                ? $"Classified {InputObject.Name} into {result.K} classes with the model in {(DateTime.UtcNow - started).TotalSeconds:F2} s: " +
                  $"inertia {result.Inertia:G8} on this input (the model's fit measured {result.Model.Inertia:G8})."
                : $"Clustered {InputObject.Name} into {result.K} classes in {(DateTime.UtcNow - started).TotalSeconds:F2} s: " +
                  $"inertia {result.Inertia:G8}, {result.Iterations} iteration(s), method {result.Model.Method}.");
            WriteObject(result);
        }
    }
}
