using System.Management.Automation;
using RasterCmdlets.Core.Changes;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Compares two class maps of one place, as Compare-Object compares two sets: emits a change map
/// whose classes are the pairs (before, after), named "Water → Land", with its transition table.
/// </summary>
[Cmdlet(VerbsData.Compare, "RasterClass")]
[OutputType(typeof(ChangeMap))]
public sealed class CompareRasterClassCommand : RasterCmdlet
{
    /// <summary>The map before: a ClassifiedRaster, or a class map band from Get-RasterBand.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public object ReferenceObject { get; set; } = null!;

    /// <summary>The map after; piped in, each one is compared with the reference.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object DifferenceObject { get; set; } = null!;

    /// <summary>Puts a map on another grid onto the reference's grid, by nearest neighbour.</summary>
    [Parameter]
    [ValidateSet("Nearest")]
    public RasterResampling? Resampling { get; set; }

    /// <summary>Names of the classes, class 0 first, for maps that name none themselves (K-means maps).</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    private ClassMapInput? _reference;

    protected override object? ErrorTarget => DifferenceObject;

    protected override void ProcessInput()
    {
        var reference = Unwrapped(ReferenceObject);
        var difference = Unwrapped(DifferenceObject);
        const string accepted = "class maps (from Invoke-KMeansCluster, or class map bands from Get-RasterBand)";
        if (!ClassMapFile.IsClassMap(reference)) throw InputRefused(reference, accepted);
        if (!ClassMapFile.IsClassMap(difference)) throw InputRefused(difference, accepted);
        // The reference is read (or written to a file) once, however many maps are piped in.
        _reference ??= ClassMapInput.From(reference, ClassName, ReportProgress, StopToken)!;
        var after = ClassMapInput.From(difference, ClassName, ReportProgress, StopToken)!;
        WriteObject(ChangeMap.Compare(_reference, after, Resampling is not null, ReportProgress, StopToken));
    }
}
