using System.Collections;
using System.Management.Automation;
using RasterCmdlets.Core.Accuracy;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Measures how well a class map agrees with reference data: a raster of classes (put onto the
/// map's grid by nearest neighbour), or a vector file of labelled points or polygons. Emits one
/// report: confusion matrix, overall accuracy, kappa, and per class user's and producer's accuracy,
/// F1 and IoU; for a stratified sample (-Stratified, or points written by New-AccuracySample), the
/// estimates of Olofsson et al. (2014) with 95% confidence intervals and each class's estimated area.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "ClassAccuracy")]
[OutputType(typeof(ClassAccuracyReport))]
public sealed class MeasureClassAccuracyCommand : RasterCmdlet
{
    /// <summary>A ClassifiedRaster, or an integer class map read with Get-RasterBand.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>A raster of classes (band 1), or a vector file (GeoPackage, GeoJSON, shapefile) of points or polygons.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Reference { get; set; } = "";

    /// <summary>The field of a vector reference holding each feature's class ("reference" by default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReferenceField { get; set; }

    /// <summary>Pairs of map class (name or value) = reference class (value or name), such as @{ Water = 1; Land = 0 }.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? ClassMap { get; set; }

    /// <summary>Names of the map's classes, class 0 first; a class-map file's own names otherwise.</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    /// <summary>The reference points are a stratified random sample of the map's classes.</summary>
    [Parameter]
    public SwitchParameter Stratified { get; set; }

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        if (!ClassMapFile.IsClassMap(input)) throw InputRefused(input, "a ClassifiedRaster or a class map band");
        var reference = PathResolver.ResolveInputs(this, Reference, literal: true)[0];
        var options = new ClassAccuracyOptions
        {
            Reference = reference,
            ReferenceField = ReferenceField,
            ClassMap = ClassMap?.Cast<DictionaryEntry>()
                .Select(e => new KeyValuePair<string, string>(Text(e.Key), Text(e.Value))).ToArray(),
            ClassNames = ClassName,
            Stratified = Stratified,
        };
        var warnings = new List<string>();
        var report = ClassAccuracyAssessment.Measure(input, options, warnings.Add, ReportProgress, StopToken);
        foreach (var warning in warnings) WriteWarning(warning);
        WriteVerbose($"Classes paired by {report.Matching}: {string.Join("; ", report.Assignment)}.");
        WriteObject(report);
    }

    private static string Text(object? value) =>
        LanguagePrimitives.ConvertTo<string>(value is PSObject p ? p.BaseObject : value) ?? "";
}
