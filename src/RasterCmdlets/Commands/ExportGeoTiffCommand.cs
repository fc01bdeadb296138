using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Writes each raster piped in (a class map, a band or a stack) as a GeoTIFF with its source's size,
/// geotransform and CRS. The file appears only once complete.
/// </summary>
[Cmdlet(VerbsData.Export, "GeoTiff", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportGeoTiffCommand : RasterCmdlet
{
    private const string PathSet = "Path";
    private const string DestinationSet = "Destination";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>The file to write; a script block ({ ... }) computes it from each input, for batches.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A folder: each input is written there, named after its source file plus <see cref="Suffix"/>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DestinationSet)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    [Parameter(ParameterSetName = DestinationSet)]
    public string Suffix { get; set; } = "_classes";

    /// <summary>DEFLATE (default), LZW, ZSTD, LZMA, PACKBITS or NONE.</summary>
    [Parameter]
    [ValidateSet("DEFLATE", "LZW", "ZSTD", "LZMA", "PACKBITS", "NONE", IgnoreCase = true)]
    public string Compression { get; set; } = GeoTiffOptions.DefaultCompression;

    /// <summary>ZLEVEL for DEFLATE (1-9, default 1), ZSTD_LEVEL for ZSTD (1-22), LZMA_PRESET for LZMA (0-9).</summary>
    [Parameter]
    [ValidateRange(0, 22)]
    public int CompressionLevel { get; set; } = GeoTiffOptions.DefaultCompressionLevel;

    [Parameter]
    [ValidateRange(16, 4096)]
    public int BlockSize { get; set; } = GeoTiffOptions.DefaultBlockSize;

    /// <summary>Write strips instead of tiles.</summary>
    [Parameter]
    public SwitchParameter NoTiling { get; set; }

    [Parameter]
    public SwitchParameter CloudOptimized { get; set; }

    /// <summary>Extra GDAL GTiff creation options, NAME=VALUE.</summary>
    [Parameter]
    public string[] CreationOption { get; set; } = [];

    /// <summary>Category names of the classes, class 0 first.</summary>
    [Parameter]
    public string[] ClassName { get; set; } = [];

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        var source = input switch
        {
            ClassMap map => map.Source,
            IRasterSource s => s,
            _ => throw InputRefused(input, "rasters from Get-RasterBand, Join-RasterBand or Invoke-KMeansCluster"),
        };
        var target = ParameterSetName == DestinationSet
            ? System.IO.Path.Combine(PathResolver.ResolveOutput(this, Destination),
                System.IO.Path.GetFileNameWithoutExtension(source.Bands[0].Path) + Suffix + ".tif")
            : PathResolver.ResolveOutput(this, Path);
        EnsureNotAnInput(source.Bands.SelectMany(b => b.InputFiles), target);
        var options = new GeoTiffOptions
        {
            Compression = Compression.ToUpperInvariant(),
            CompressionLevel = CompressionLevel,
            BlockSize = BlockSize,
            Tiled = !NoTiling,
            CloudOptimized = CloudOptimized,
            CreationOptions = CreationOption,
            Overwrite = Force,
        };
        // Refuse what cannot be written before asking whether to write it.
        options.Validate();
        (input as ClassMap)?.CheckClassNames(ClassName);
        EnsureMayWrite(target, Force);
        if (!ShouldProcess(target, "Write GeoTIFF")) return;
        Attempt(target, () =>
        {
            var started = DateTime.UtcNow;
            if (input is ClassMap map) map.WriteGeoTiff(target, options, ClassName, ReportProgress, StopToken);
            else GeoTiffWriter.WriteSource(source, target, options, ReportProgress, StopToken);
            WriteVerbose($"Wrote '{target}' in {(DateTime.UtcNow - started).TotalSeconds:F2} s.");
            if (PassThru) WriteObject(new FileInfo(target));
        });
    }
}
