using System.Management.Automation;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Core.Vectors;

namespace RasterCmdlets.Commands;

/// <summary>
/// Writes the regions of a class map as polygons (GDAL's polygonize), one feature per connected
/// region with its class, name, area, area in km² and perimeter, in the vector format of the
/// file's extension (.gpkg, .geojson or .json, .shp). The file appears only once complete.
/// </summary>
[Cmdlet(VerbsData.Export, "ClassPolygon", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportClassPolygonCommand : ClassMapExportCmdlet
{
    /// <summary>Only the regions of these classes (all by default).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int[] Class { get; set; } = [];

    /// <summary>Names of the classes, class 0 first (Water, Land, ...).</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    /// <summary>Diagonal neighbours belong to the same region (8-connectedness); 4 by default, as gdal_polygonize.</summary>
    [Parameter]
    public SwitchParameter EightConnected { get; set; }

    protected override void ProcessInput()
    {
        if (Prepare("a ClassifiedRaster or a class map band", target => VectorFormat.For(target), "Write class polygons") is not { } prepared) return;
        var (input, target) = prepared;

        var options = new ClassPolygonOptions { Classes = Class, ClassNames = ClassName, EightConnected = EightConnected, Overwrite = Force };
        Attempt(target, () =>
        {
            var started = DateTime.UtcNow;
            ClassPolygonSummary summary;
            using (var classMap = ClassMapFile.Open(input, ReportProgress, StopToken)!)
                summary = ClassPolygons.Write(classMap.Band, target, options, ReportProgress, StopToken);
            WriteVerbose($"Wrote {summary.Features} polygons ({string.Join(", ", summary.FeaturesPerClass.Select(p => $"class {p.Key}: {p.Value}"))}) " +
                         $"to '{target}' ({summary.Driver}) in {(DateTime.UtcNow - started).TotalSeconds:F2} s.");
            var missing = Class.Distinct().Where(k => !summary.FeaturesPerClass.ContainsKey(k)).Order().ToArray();
            if (missing.Length > 0)
                WriteWarning($"No region of class {string.Join(", ", missing)} in {input}: the file has no feature of {(missing.Length == 1 ? "it" : "them")}.");
            if (PassThru) WriteObject(new FileInfo(target));
        });
    }
}
