using System.Management.Automation;
using RasterCmdlets.Core.Accuracy;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Core.Vectors;

namespace RasterCmdlets.Commands;

/// <summary>
/// Draws a stratified random sample of a class map's pixels (-PerClass points in each class, NoData
/// never drawn) and writes it as points at the pixels' centres, in the map's CRS, to a GeoPackage or
/// GeoJSON, ready to be labelled and given to Measure-ClassAccuracy. The file appears only once complete.
/// </summary>
[Cmdlet(VerbsCommon.New, "AccuracySample", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class NewAccuracySampleCommand : ClassMapExportCmdlet
{
    /// <summary>Points drawn in each class (all of a class's pixels when it has fewer).</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(1, 1_000_000)]
    public int PerClass { get; set; }

    /// <summary>The same seed draws the same points; a random one is chosen (and written in the verbose stream) otherwise.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>A raster of classes whose class at each point fills the reference field (left empty otherwise).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reference { get; set; }

    /// <summary>Names of the map's classes, class 0 first, for map_name; a class-map file's own names otherwise.</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    protected override void ProcessInput()
    {
        string? reference = null;
        IReadOnlyList<string> ResolveReference()
        {
            reference = Reference is null ? null : PathResolver.ResolveInputs(this, Reference, literal: true)[0];
            return reference is null ? [] : [reference];
        }
        if (Prepare("a ClassifiedRaster or a class map band", target => VectorFormat.For(target), $"Write {PerClass} sample points per class",
                ResolveReference) is not { } prepared) return;
        var (input, target) = prepared;

        var options = new AccuracySampleOptions
        {
            PerClass = PerClass,
            Seed = Seed ?? Random.Shared.Next(),
            ClassNames = ClassName,
            Reference = reference,
            Overwrite = Force,
        };
        Attempt(target, () =>
        {
            var started = DateTime.UtcNow;
            var summary = AccuracySample.Write(input, target, options, ReportProgress, StopToken);
            if (summary.ShortClasses.Count > 0)
                WriteWarning($"Fewer sample points than asked (-PerClass {PerClass}): {string.Join(", ", summary.ShortClasses)} " +
                             "have fewer pixels, and every one of them was drawn.");
            WriteVerbose($"Wrote {summary.PointsPerClass.Values.Sum()} points ({string.Join(", ", summary.PointsPerClass.Select(p => $"class {p.Key}: {p.Value}"))}) " +
                         $"with seed {summary.Seed} to '{target}' in {(DateTime.UtcNow - started).TotalSeconds:F2} s.");
            if (PassThru) WriteObject(new FileInfo(target));
        });
    }
}
