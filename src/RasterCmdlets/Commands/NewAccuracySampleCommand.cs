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
public sealed class NewAccuracySampleCommand : RasterCmdlet
{
    /// <summary>A ClassifiedRaster, or an integer class map read with Get-RasterBand.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>Points drawn in each class (all of a class's pixels when it has fewer).</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(1, 1_000_000)]
    public int PerClass { get; set; }

    /// <summary>The same seed draws the same points; a random one is chosen (and written in the verbose stream) otherwise.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>The file to write: .gpkg (GeoPackage) or .geojson/.json (GeoJSON).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A raster of classes whose class at each point fills the reference field (left empty otherwise).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reference { get; set; }

    /// <summary>Names of the map's classes, class 0 first, for map_name; a class-map file's own names otherwise.</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        if (!ClassMapFile.IsClassMap(input)) throw InputRefused(input, "a ClassifiedRaster or a class map band");
        var target = PathResolver.ResolveOutput(this, Path);
        VectorFormat.For(target);
        var reference = Reference is null ? null : PathResolver.ResolveInputs(this, Reference, literal: true)[0];
        EnsureNotAnInput(ClassMapFile.SourcePaths(input).Concat(reference is null ? [] : [reference]), target);
        EnsureMayWrite(target, Force);
        if (!ShouldProcess(target, $"Write {PerClass} sample points per class")) return;

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
