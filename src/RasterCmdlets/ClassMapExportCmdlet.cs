using System.Management.Automation;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>
/// A cmdlet that writes a file drawn from a class map (Export-ClassPolygon, Export-RasterPreview):
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

    /// <summary>
    /// The input and the full target path when the write may go on: the input is a class map, the
    /// target's format is one this cmdlet writes (<paramref name="requireFormat"/> throws a
    /// RasterException otherwise), it is none of the input's files, it may be written and the user
    /// agrees. Null otherwise, with the reason written as an error record.
    /// </summary>
    protected (object Input, string Target)? Prepare(string accepted, Action<string> requireFormat, string action)
    {
        var input = Unwrapped(InputObject);
        if (!ClassMapFile.IsClassMap(input))
        {
            RefuseInput(input, accepted);
            return null;
        }
        var target = PathResolver.ResolveOutput(this, Path);
        try
        {
            requireFormat(target);
        }
        catch (RasterException e)
        {
            WriteError(ErrorFor(e, target));
            return null;
        }
        if (!MayWriteOver(ClassMapFile.SourcePaths(input), target)) return null;
        if (!MayWrite(target, Force) || !ShouldProcess(target, action)) return null;
        return (input, target);
    }
}
