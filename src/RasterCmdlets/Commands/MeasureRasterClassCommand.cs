using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// One row per class of a class map: pixel count, share of the valid pixels, area (m², hectares,
/// km² in a metric CRS; on the ellipsoid for a geographic CRS) and centre; missing pixels apart.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "RasterClass")]
[OutputType(typeof(RasterClass))]
public sealed class MeasureRasterClassCommand : RasterCmdlet
{
    /// <summary>A ClassifiedRaster, or an integer class map read with Get-RasterBand.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>Names of the classes, class 0 first (Water, Land, ...).</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        var (rows, warning) = input switch
        {
            ClassMap map => ClassAreas.Measure(map, ClassName, StopToken),
            RasterBand b => ClassAreas.Measure(b, ClassName, StopToken),
            _ => throw InputRefused(input, "a class map (from Invoke-KMeansCluster) or a class map band"),
        };
        if (warning is not null) WriteWarning(warning);
        WriteObject(rows, enumerateCollection: true);
    }
}
