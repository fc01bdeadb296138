using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Removes the speckle of a class map with GDAL's sieve filter: regions smaller than the threshold
/// are merged into their largest neighbour; NoData stays NoData. A class map goes in (a
/// ClassifiedRaster, or an integer band from Get-RasterBand), a class map comes out: a RasterBand
/// over a sieved GeoTIFF in the module's temporary folder, ready for Export-GeoTiff,
/// Measure-RasterClass, Export-ClassPolygon and Export-RasterPreview.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RasterSieve")]
[OutputType(typeof(RasterBand))]
public sealed class InvokeRasterSieveCommand : RasterCmdlet
{
    /// <summary>A ClassifiedRaster, or an integer class map read with Get-RasterBand.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>Regions of fewer pixels than this are merged into their largest neighbour.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, int.MaxValue)]
    public int Threshold { get; set; }

    /// <summary>Diagonal neighbours belong to the same region (8-connectedness); 4 by default, as gdal_sieve.</summary>
    [Parameter]
    public SwitchParameter EightConnected { get; set; }

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        if (!ClassMapFile.IsClassMap(input)) throw InputRefused(input, "a ClassifiedRaster or a class map band");
        var started = DateTime.UtcNow;
        RasterBand sieved;
        using (var classMap = ClassMapFile.Open(input, ReportProgress, StopToken)!)
            sieved = RasterSieve.Run(classMap.Band, Threshold, EightConnected, ReportProgress, StopToken);
        WriteVerbose($"Sieved {input} (threshold {Threshold} pixels, {(EightConnected ? 8 : 4)}-connected) into '{sieved.Path}' " +
                     $"in {(DateTime.UtcNow - started).TotalSeconds:F2} s.");
        WriteObject(sieved);
    }
}
