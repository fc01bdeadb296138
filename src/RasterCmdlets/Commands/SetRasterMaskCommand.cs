using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Marks pixels of each band or stack piped in as missing wherever another raster (a scene
/// classification band: clouds, shadows, snow) holds one of the given values. The mask raster is
/// resampled by nearest neighbour onto the band's grid when it is on another one. Emits the band or
/// stack, masked; nothing is read until it is clustered or written.
/// </summary>
[Cmdlet(VerbsCommon.Set, "RasterMask")]
[OutputType(typeof(RasterBand), typeof(RasterStack))]
public sealed class SetRasterMaskCommand : RasterCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IRasterSource InputObject { get; set; } = null!;

    /// <summary>The mask raster; GDAL's virtual file systems (/vsicurl/, /vsizip/) pass through.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public double[] Value { get; set; } = [];

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Band { get; set; } = 1;

    private string? _maskPath;

    protected override void BeginProcessing()
    {
        // Resolved once, literally, against the PowerShell location: the mask is the same for every input.
        Attempt(Path, () => _maskPath = PathResolver.ResolveInputs(this, Path, literal: true)[0]);
    }

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        // A missing mask file was reported once already, by BeginProcessing.
        if (_maskPath is null) return;
        WriteObject(RasterMaskSource.Apply(InputObject, _maskPath, Band, Value));
    }
}
