using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>
/// A cmdlet that writes a file drawn from a class map (Export-ClassPolygon, Export-RasterPreview, New-AccuracySample):
/// the input and output parameters they share, and the checks made before anything is read or written.
/// </summary>
public abstract class ClassMapExportCmdlet : RasterCmdlet
{
    /// <summary>A ClassifiedRaster, or a class map band from Get-RasterBand or Invoke-RasterSieve.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>The file to write; its extension chooses the format where there is a choice.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override object? ErrorTarget => InputObject;

    /// <summary>
    /// The input and the full target path when the write may go on: the input is a class map, the
    /// target's format is one this cmdlet writes (<paramref name="requireFormat"/> throws a
    /// RasterException otherwise), it is none of the input's files, it may be written and the user
    /// agrees. Throws the reason otherwise; null when the user declines.
    /// </summary>
    /// <param name="otherInputs">Resolves the other files the write reads (a reference raster), once the format is known good.</param>
    protected (object Input, string Target)? Prepare(string accepted, Action<string> requireFormat, string action,
        Func<IReadOnlyList<string>>? otherInputs = null)
    {
        var input = Unwrapped(InputObject);
        if (!ClassMapFile.IsClassMap(input)) throw InputRefused(input, accepted);
        var target = PathResolver.ResolveOutput(this, Path);
        requireFormat(target);
        EnsureNotAnInput(ClassMapFile.SourcePaths(input).Concat(otherInputs?.Invoke() ?? []), target);
        EnsureMayWrite(target, Force);
        return ShouldProcess(target, action) ? (input, target) : null;
    }
}
