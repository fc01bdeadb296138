using System.Management.Automation;
using RasterCmdlets.Core.Pictures;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Draws a raster as a PNG picture with GDAL: a class map in its colour table, any other band
/// stretched between its 2nd and 98th percentiles. Read at the picture's size (overviews where the
/// file has them), so a preview of a whole tile is quick.
/// </summary>
[Cmdlet(VerbsData.Export, "RasterPreview", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportRasterPreviewCommand : ClassMapExportCmdlet
{
    /// <summary>The picture's longest side in pixels; by default the raster's own, at most 1024.</summary>
    [Parameter]
    [ValidateRange(16, 16384)]
    public int Size { get; set; }

    protected override void ProcessInput()
    {
        if (Prepare("a band from Get-RasterBand or Invoke-RasterSieve, or a ClassifiedRaster", RasterPreview.RequirePng, "Write PNG preview")
            is not { } prepared) return;
        var (input, target) = prepared;
        Attempt(target, () =>
        {
            var info = Draw(input, target);
            WriteVerbose($"Wrote '{target}', {info.Width} x {info.Height}, {info.Rendering}" +
                         (info.Low is double lo && info.High is double hi ? $" from {lo:G6} to {hi:G6}." : "."));
            if (PassThru) WriteObject(new FileInfo(target));
        });
    }

    private RasterPreviewInfo Draw(object input, string target)
    {
        // A band is drawn as it is (a continuous band is no class map: no integer check).
        if (input is RasterBand band) return RasterPreview.Write(band, target, Size > 0 ? Size : null, Force, StopToken);
        using var classMap = ClassMapFile.Open(input, ReportProgress, StopToken)!;
        return RasterPreview.Write(classMap.Band, target, Size > 0 ? Size : null, Force, StopToken);
    }
}
