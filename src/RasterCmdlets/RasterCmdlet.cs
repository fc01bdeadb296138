using System.Management.Automation;
using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>
/// What every cmdlet of the module shares: the one error path (a template method: the cmdlets
/// implement <see cref="ProcessInput"/> and <see cref="EndInput"/>, this class turns what they throw
/// into error records through the one table, <see cref="ErrorIdentity"/>), a cancellation token that
/// Ctrl+C (StopProcessing) cancels, so long loops stop promptly, and progress.
/// </summary>
public abstract class RasterCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private ProgressRecord? _progress;
    private int _lastPercent = -1;

    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    protected sealed override void ProcessRecord() => Attempt(ErrorTarget, ProcessInput, terminating: false);

    protected sealed override void EndProcessing() => Attempt(ErrorTarget, EndInput, terminating: EndFailureStopsThePipeline);

    /// <summary>The work of one input piped in (or of the parameters, when nothing is piped).</summary>
    protected virtual void ProcessInput() { }

    /// <summary>The work done once every input has been received.</summary>
    protected virtual void EndInput() { }

    /// <summary>What an error record of the current step is about, when the failure names no file.</summary>
    protected virtual object? ErrorTarget => null;

    /// <summary>
    /// True for cmdlets whose end-of-input work is about the whole run (joining bands, fitting one
    /// model): its failure is terminating. An input's failure never is: the next input is still tried.
    /// </summary>
    protected virtual bool EndFailureStopsThePipeline => false;

    /// <summary>
    /// Runs one piece of work about <paramref name="target"/>. A failure the module expects (the one
    /// table) becomes an error record, non-terminating unless <paramref name="terminating"/>; Ctrl+C
    /// becomes PowerShell's pipeline stop; anything else is a bug and reaches PowerShell as it is,
    /// with its stack. Returns whether the work completed.
    /// </summary>
    protected bool Attempt(object? target, Action work, bool terminating = false)
    {
        try
        {
            work();
            return true;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (ErrorIdentity(e) is not null)
        {
            var record = ErrorFor(e, target);
            if (terminating) ThrowTerminatingError(record);
            WriteError(record);
            return false;
        }
        finally
        {
            CompleteProgress();
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
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
    /// The one table from the exceptions the module expects to PowerShell's ErrorIds and categories;
    /// null for an exception it does not expect (a bug, which PowerShell reports as it is, with its
    /// stack). The core says what went wrong with <see cref="RasterException"/> (its own ErrorId) and
    /// <see cref="RasterIOException"/> (the role of the file that failed).
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
            RasterErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            RasterErrorKind.WrongType => ErrorCategory.InvalidType,
            RasterErrorKind.Unavailable => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.NotSpecified,
        }),
        RasterIOException { Role: RasterIORole.OpenInput } => ("RasterOpenFailed", ErrorCategory.OpenError),
        RasterIOException { Role: RasterIORole.ReadInput } => ("RasterReadFailed", ErrorCategory.ReadError),
        RasterIOException { Role: RasterIORole.WriteOutput } => ("WriteFailed", ErrorCategory.WriteError),
        GdalNotFoundException => ("GdalNotFound", ErrorCategory.ResourceUnavailable),
        GdalException => ("GdalFailed", ErrorCategory.NotSpecified),
        // PowerShell's own path resolution: a -Path that names nothing.
        ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException => ("PathNotFound", ErrorCategory.ObjectNotFound),
        UnauthorizedAccessException => ("AccessDenied", ErrorCategory.PermissionDenied),
        IOException => ("FileSystemError", ErrorCategory.WriteError),
        _ => null,
    };

    /// <summary>
    /// An error record for an exception of the table: the file or object the exception names is its
    /// target, else <paramref name="target"/>.
    /// </summary>
    private static ErrorRecord ErrorFor(Exception exception, object? target)
    {
        var (id, category) = ErrorIdentity(exception) ?? throw new InvalidOperationException("Not an exception of the table.", exception);
        var named = exception switch
        {
            RasterIOException io => io.Path,
            RasterException { Target: { } t } => t,
            _ => target,
        };
        return new ErrorRecord(exception, id, category, named);
    }

    /// <summary>
    /// Refuses an output that cannot be written (it exists without -Force, its folder is missing)
    /// before ShouldProcess asks about a write that could not happen.
    /// </summary>
    protected static void EnsureMayWrite(string target, bool force) => OutputFile.Check(target, force);

    /// <summary>
    /// Refuses to write over one of the files being read (the result would be read as it is written).
    /// </summary>
    protected static void EnsureNotAnInput(IEnumerable<string> inputs, string target)
    {
        if (inputs.Any(input => SamePath(input, target)))
            throw new RasterException("OutputIsInput", RasterErrorKind.InvalidArgument,
                $"'{target}' is an input of this raster: writing over it is refused.") { Target = target };
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

    /// <summary>The error for an input of a type the cmdlet does not take.</summary>
    protected RasterException InputRefused(object input, string accepted) =>
        new("UnsupportedInput", RasterErrorKind.WrongType, $"{MyInvocation.MyCommand.Name} takes {accepted}, not {input.GetType().Name}.")
        {
            Target = input,
        };
}
