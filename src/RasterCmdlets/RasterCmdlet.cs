using System.Management.Automation;
using RasterCmdlets.Core.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>
/// What every cmdlet of the module shares: a cancellation token that Ctrl+C (StopProcessing)
/// cancels, so long loops stop promptly, and the translation of core exceptions into error records.
/// </summary>
public abstract class RasterCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();
    private ProgressRecord? _progress;
    private int _lastPercent = -1;

    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Runs core work, turning cancellation into PowerShell's pipeline stop.</summary>
    protected T RunCore<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            CompleteProgress();
        }
    }

    /// <summary>Progress for the current step; called by the core on this thread.</summary>
    protected void ReportProgress(string activity, double fraction)
    {
        var percent = (int)Math.Clamp(fraction * 100, 0, 100);
        if (_progress is not null && _progress.Activity == activity && percent == _lastPercent) return;
        _progress = new ProgressRecord(1, activity, $"{percent}%") { PercentComplete = percent };
        _lastPercent = percent;
        WriteProgress(_progress);
    }

    private void CompleteProgress()
    {
        if (_progress is null) return;
        _progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(_progress);
        _progress = null;
    }

    /// <summary>
    /// The one table from the core's exceptions to PowerShell's ErrorIds and categories; null for an
    /// exception the module does not expect (a bug, which PowerShell reports as it is).
    /// </summary>
    internal static (string ErrorId, ErrorCategory Category)? ErrorIdentity(Exception exception) => exception switch
    {
        RasterException r => (r.ErrorId, r.Kind switch
        {
            RasterErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            RasterErrorKind.InvalidData => ErrorCategory.InvalidData,
            RasterErrorKind.NotSupported => ErrorCategory.NotImplemented,
            RasterErrorKind.Mismatch => ErrorCategory.InvalidArgument,
            RasterErrorKind.OutputExists => ErrorCategory.ResourceExists,
            _ => ErrorCategory.NotSpecified,
        }),
        RasterIOException { Role: RasterIORole.OpenInput } => ("RasterOpenFailed", ErrorCategory.OpenError),
        RasterIOException { Role: RasterIORole.ReadInput } => ("RasterReadFailed", ErrorCategory.ReadError),
        RasterIOException { Role: RasterIORole.WriteOutput } => ("WriteFailed", ErrorCategory.WriteError),
        GdalNotFoundException => ("GdalNotFound", ErrorCategory.ResourceUnavailable),
        GdalException => ("GdalFailed", ErrorCategory.NotSpecified),
        UnauthorizedAccessException => ("AccessDenied", ErrorCategory.PermissionDenied),
        IOException => ("FileSystemError", ErrorCategory.WriteError),
        ArgumentException => ("InvalidArgument", ErrorCategory.InvalidArgument),
        _ => null,
    };

    /// <summary>Whether an exception is one the module reports as an error record.</summary>
    protected static bool IsReportable(Exception e) => ErrorIdentity(e) is not null;

    /// <summary>An error record for a core exception; a file that failed is the target, else <paramref name="target"/>.</summary>
    protected static ErrorRecord ErrorFor(Exception exception, object? target)
    {
        var (id, category) = ErrorIdentity(exception) ?? ("UnexpectedError", ErrorCategory.NotSpecified);
        return new ErrorRecord(exception, id, category, exception is RasterIOException io ? io.Path : target);
    }

    /// <summary>
    /// Reports an output that cannot be written (it exists without -Force, its folder is missing)
    /// before ShouldProcess asks about a write that could not happen. Returns whether it may go on.
    /// </summary>
    protected bool MayWrite(string target, bool force)
    {
        try
        {
            OutputFile.Check(target, force);
            return true;
        }
        catch (RasterException e)
        {
            WriteError(ErrorFor(e, target));
            return false;
        }
    }

    /// <summary>
    /// Refuses to write over one of the files being read (the result would be read as it is
    /// written). Returns whether the write may go on.
    /// </summary>
    protected bool MayWriteOver(IEnumerable<string> inputs, string target)
    {
        if (!inputs.Any(input => SamePath(input, target))) return true;
        WriteError(new ErrorRecord(new IOException($"'{target}' is an input of this raster: writing over it is refused."),
            "OutputIsInput", ErrorCategory.InvalidArgument, target));
        return false;
    }

    private static bool SamePath(string a, string b)
    {
        if (PathResolver.IsGdalVirtual(a)) return false;
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return string.Equals(System.IO.Path.GetFullPath(a), System.IO.Path.GetFullPath(b), comparison);
    }

    /// <summary>
    /// The object itself when PowerShell hands it over wrapped in a PSObject, rebuilt when it is a
    /// deserialised copy (from Invoke-Command, a job, Import-Clixml) that PowerShell left as a
    /// property bag.
    /// </summary>
    protected static object Unwrapped(object input) =>
        DeserializedObjectConverter.TryRebuild(input) ?? (input is PSObject ps ? ps.BaseObject : input);

    /// <summary>Reports an input of a type the cmdlet does not take.</summary>
    protected void RefuseInput(object input, string accepted) =>
        WriteError(new ErrorRecord(new ArgumentException($"{MyInvocation.MyCommand.Name} takes {accepted}, not {input.GetType().Name}."),
            "UnsupportedInput", ErrorCategory.InvalidType, input));
}
