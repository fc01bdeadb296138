using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Bridges a long GDAL algorithm (sieve, polygonize) to the caller: GDAL calls the progress
/// function on the calling thread, which reports progress and, when the token is cancelled,
/// returns FALSE so that GDAL stops (Ctrl+C) and the call fails with "User terminated".
/// </summary>
internal static unsafe class GdalProgress
{
    private sealed class State(Action<double>? progress, CancellationToken cancellation)
    {
        public readonly Action<double>? Progress = progress;
        public readonly CancellationToken Cancellation = cancellation;
        public Exception? Failure;
    }

    /// <summary>Runs a GDAL call that takes (progress function, progress data); throws if it failed or was cancelled.</summary>
    /// <param name="progress">Called with the fraction done.</param>
    public static void Run(Action<double>? progress, CancellationToken cancellation, string operation, Func<nint, nint, int> call)
    {
        var state = new State(progress, cancellation);
        var handle = GCHandle.Alloc(state);
        try
        {
            GdalCall.Reset();
            delegate* unmanaged[Cdecl]<double, nint, nint, int> function = &Report;
            var err = call((nint)function, GCHandle.ToIntPtr(handle));
            cancellation.ThrowIfCancellationRequested();
            if (state.Failure is not null) throw state.Failure;
            GdalCall.Check(err, operation);
        }
        finally
        {
            handle.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static int Report(double complete, nint message, nint data)
    {
        var state = (State)GCHandle.FromIntPtr(data).Target!;
        if (state.Cancellation.IsCancellationRequested) return 0;
        try
        {
            state.Progress?.Invoke(complete);
        }
        catch (Exception e)
        {
            // An exception must not cross into native code: keep it, stop GDAL, rethrow after.
            state.Failure = e;
            return 0;
        }
        return 1;
    }
}
