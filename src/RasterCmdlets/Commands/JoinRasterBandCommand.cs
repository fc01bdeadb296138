using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Collects the bands piped in into one RasterStack, each band a feature of every pixel, after
/// checking that they share size, geotransform and CRS, or, with -Resampling, after putting every
/// band on the first band's grid with GDAL (RasterWarp: its RasterIO resampling or its warper).
/// </summary>
[Cmdlet(VerbsCommon.Join, "RasterBand")]
[OutputType(typeof(RasterStack))]
public sealed class JoinRasterBandCommand : RasterCmdlet
{
    private readonly List<RasterBand> _bands = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RasterBand[] InputObject { get; set; } = [];

    /// <summary>Puts bands on another grid (or CRS) on the first band's grid, resampled this way.</summary>
    [Parameter]
    public RasterResampling? Resampling { get; set; }

    protected override object? ErrorTarget => _bands.Count > 0 ? _bands[^1] : null;

    protected override bool EndFailureStopsThePipeline => true;

    protected override void ProcessInput() => _bands.AddRange(InputObject);

    protected override void EndInput()
    {
        // Nothing piped in (the reader upstream failed and said so): nothing to join, nothing to add.
        if (_bands.Count == 0) return;
        WriteObject(RasterStack.Join(_bands, Resampling));
    }
}
