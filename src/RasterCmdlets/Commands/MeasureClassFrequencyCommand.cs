using System.Management.Automation;
using RasterCmdlets.Core.Changes;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// How often a class was seen at each pixel over the class maps piped in (one per date, one grid):
/// one object with the Frequency band (0-100 %), the ValidCount band and a row per date.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "ClassFrequency")]
[OutputType(typeof(ClassFrequency))]
public sealed class MeasureClassFrequencyCommand : RasterCmdlet
{
    private readonly List<ClassMapInput> _maps = [];

    /// <summary>The class maps, one per date: ClassifiedRaster objects, or class map bands from Get-RasterBand.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>The class counted: a class name (Water), matched in each map's names, or a class number.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Class { get; set; } = "";

    /// <summary>The date of each map, in the order they come; by default each map's own (sensing time or file metadata).</summary>
    [Parameter]
    public DateTime[]? Date { get; set; }

    /// <summary>Puts maps on another grid onto the first map's grid, by nearest neighbour.</summary>
    [Parameter]
    [ValidateSet("Nearest")]
    public RasterResampling? Resampling { get; set; }

    /// <summary>Names of the classes, class 0 first, for maps that name none themselves (K-means maps).</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    protected override object? ErrorTarget => _maps.Count > 0 ? _maps[^1].Band : InputObject;

    // The frequency is about every map at once: its failure ends the pipeline.
    protected override bool EndFailureStopsThePipeline => true;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        if (!ClassMapFile.IsClassMap(input))
            throw InputRefused(input, "class maps (from Invoke-KMeansCluster, or class map bands from Get-RasterBand)");
        _maps.Add(ClassMapInput.From(input, ClassName, ReportProgress, StopToken)!);
    }

    protected override void EndInput() =>
        WriteObject(ClassFrequency.Measure(_maps, Class, Date, Resampling is not null, ReportProgress, StopToken));
}
