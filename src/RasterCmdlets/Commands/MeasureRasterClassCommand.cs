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

    protected override void ProcessRecord()
    {
        var input = Unwrapped(InputObject);
        try
        {
            var (rows, warning) = input switch
            {
                ClassMap map => RunCore(() => ClassAreas.Measure(map, ClassName, StopToken)),
                RasterBand b => RunCore(() => ClassAreas.Measure(b, ClassName, StopToken)),
                _ => (null, null),
            };
            if (rows is null)
            {
                RefuseInput(input, "a class map (from Invoke-KMeansCluster) or a class map band");
                return;
            }
            if (warning is not null) WriteWarning(warning);
            foreach (var row in rows) WriteObject(row);
        }
        catch (Exception e) when (IsReportable(e))
        {
            WriteError(ErrorFor(e, input));
        }
    }
}
