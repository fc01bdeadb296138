using System.Management.Automation;
using RasterCmdlets.Core.Gdal;
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
    public string Compression { get; set; } = "DEFLATE";

    /// <summary>ZLEVEL for DEFLATE (1-9, default 1), ZSTD_LEVEL for ZSTD (1-22), LZMA_PRESET for LZMA (0-9).</summary>
    [Parameter]
    [ValidateRange(0, 22)]
    public int CompressionLevel { get; set; } = 1;

    [Parameter]
    [ValidateRange(16, 4096)]
    public int BlockSize { get; set; } = 512;

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

    protected override void ProcessRecord()
    {
        var input = Unwrapped(InputObject);
        var sourceBands = input switch
        {
            ClassifiedRaster c => c.Source.Bands,
            IRasterSource s => s.Bands,
            _ => null,
        };
        if (sourceBands is null)
        {
            RefuseInput(input, "rasters from Get-RasterBand, Join-RasterBand or Invoke-KMeansCluster");
            return;
        }
        var target = ParameterSetName == DestinationSet
            ? System.IO.Path.Combine(PathResolver.ResolveOutput(this, Destination),
                System.IO.Path.GetFileNameWithoutExtension(sourceBands[0].Path) + Suffix + ".tif")
            : PathResolver.ResolveOutput(this, Path);
        if (sourceBands.Any(b => SamePath(b.Path, target)))
        {
            WriteError(new ErrorRecord(new IOException($"'{target}' is an input of this raster: writing over it is refused."),
                "OutputIsInput", ErrorCategory.InvalidArgument, target));
            return;
        }
        if (input is ClassifiedRaster { K: var k } && ClassName.Length > 0 && ClassName.Length != k)
        {
            WriteError(new ErrorRecord(new ArgumentException($"{ClassName.Length} class names were given for {k} classes."),
                "ClassNameCountMismatch", ErrorCategory.InvalidArgument, ClassName));
            return;
        }
        var levels = Compression.ToUpperInvariant() switch { "DEFLATE" => (1, 9), "ZSTD" => (1, 22), "LZMA" => (0, 9), _ => (0, 22) };
        if (CompressionLevel < levels.Item1 || CompressionLevel > levels.Item2)
        {
            WriteError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(CompressionLevel), CompressionLevel,
                    $"{Compression} takes a compression level from {levels.Item1} to {levels.Item2}."),
                "InvalidCompressionLevel", ErrorCategory.InvalidArgument, CompressionLevel));
            return;
        }
        if (!MayWrite(target, Force) || !ShouldProcess(target, "Write GeoTIFF")) return;

        var options = new GeoTiffOptions
        {
            Compression = Compression.ToUpperInvariant(),
            CompressionLevel = CompressionLevel,
            BlockSize = BlockSize,
            Tiled = !NoTiling,
            CloudOptimized = CloudOptimized,
            CreationOptions = CreationOption,
            Overwrite = Force,
            ClassNames = ClassName,
        };
        try
        {
            var started = DateTime.UtcNow;
            RunCore(() =>
            {
                if (input is ClassifiedRaster classes) GeoTiffWriter.WriteClasses(classes, target, options, ReportProgress, StopToken);
                else GeoTiffWriter.WriteSource((IRasterSource)input, target, options, ReportProgress, StopToken);
                if (input is RasterBand band && !CloudOptimized) ClassMapFile.CopyClassStyle(band, target); // a sieved map keeps its colours
                return true;
            });
            WriteVerbose($"Wrote '{target}' in {(DateTime.UtcNow - started).TotalSeconds:F2} s.");
            if (PassThru) WriteObject(new FileInfo(target));
        }
        catch (Exception e) when (IsReportable(e))
        {
            // A GDAL failure here is on the output side unless GDAL names the input file.
            var onInput = e is GdalException g && sourceBands.Any(b => g.Message.Contains(b.Path, StringComparison.Ordinal));
            WriteError(onInput ? ErrorFor(e, input) : ErrorFor(e, target, "WriteFailed", ErrorCategory.WriteError));
        }
    }

    private static bool SamePath(string a, string b)
    {
        if (PathResolver.IsGdalVirtual(a)) return false;
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return string.Equals(System.IO.Path.GetFullPath(a), System.IO.Path.GetFullPath(b), comparison);
    }
}
