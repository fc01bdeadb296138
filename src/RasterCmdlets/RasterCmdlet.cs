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

    /// <summary>An error record for a core exception, with its ErrorId and category.</summary>
    protected static ErrorRecord ErrorFor(Exception exception, object? target, string? gdalErrorId = null, ErrorCategory? gdalCategory = null) =>
        exception switch
        {
            RasterException r => new ErrorRecord(r, r.ErrorId, r.Kind switch
            {
                RasterErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
                RasterErrorKind.InvalidData => ErrorCategory.InvalidData,
                RasterErrorKind.NotSupported => ErrorCategory.NotImplemented,
                RasterErrorKind.Mismatch => ErrorCategory.InvalidArgument,
                RasterErrorKind.OutputExists => ErrorCategory.ResourceExists,
                _ => ErrorCategory.NotSpecified,
            }, target),
            GdalNotFoundException => new ErrorRecord(exception, "GdalNotFound", ErrorCategory.ResourceUnavailable, target),
            GdalException g => new ErrorRecord(g, gdalErrorId ?? (g.ErrorNumber == GdalException.OpenFailed ? "RasterOpenFailed" : "RasterReadFailed"),
                gdalCategory ?? (g.ErrorNumber == GdalException.OpenFailed ? ErrorCategory.OpenError : ErrorCategory.ReadError), target),
            UnauthorizedAccessException => new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, target),
            IOException => new ErrorRecord(exception, "FileSystemError", ErrorCategory.WriteError, target),
            ArgumentException => new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, target),
            _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
        };

    /// <summary>
    /// Reports an existing output as ResourceExists unless -Force, before ShouldProcess asks about
    /// a write that could not happen. Returns whether the write may go on.
    /// </summary>
    protected bool MayWrite(string target, bool force)
    {
        if (!File.Exists(target) || force) return true;
        WriteError(new ErrorRecord(new IOException($"'{target}' already exists; use -Force to replace it."),
            "OutputExists", ErrorCategory.ResourceExists, target));
        return false;
    }

    /// <summary>The object itself when PowerShell hands it over wrapped in a PSObject.</summary>
    protected static object Unwrapped(object input) => input is PSObject ps ? ps.BaseObject : input;

    /// <summary>Reports an input of a type the cmdlet does not take.</summary>
    protected void RefuseInput(object input, string accepted) =>
        WriteError(new ErrorRecord(new ArgumentException($"{MyInvocation.MyCommand.Name} takes {accepted}, not {input.GetType().Name}."),
            "UnsupportedInput", ErrorCategory.InvalidType, input));

    /// <summary>Whether an exception is one the module reports as an error record (anything else is a bug).</summary>
    protected static bool IsReportable(Exception e) =>
        e is RasterException or GdalException or GdalNotFoundException or UnauthorizedAccessException or IOException or ArgumentException;
}
