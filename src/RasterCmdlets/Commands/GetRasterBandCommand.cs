using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Describes bands of raster files that GDAL opens: one RasterBand per band, without reading pixels.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RasterBand", DefaultParameterSetName = PathSet)]
[OutputType(typeof(RasterBand))]
public sealed class GetRasterBandCommand : FileInputCmdlet
{
    /// <summary>Band numbers, from 1; all bands when omitted.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(BandNumberCompleter))]
    public int[]? Band { get; set; }

    protected override void ProcessInput()
    {
        foreach (var file in InputFiles())
            Attempt(file, () => WriteObject(RasterBand.Open(file, Band), enumerateCollection: true));
    }
}
