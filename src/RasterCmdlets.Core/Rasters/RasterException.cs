namespace RasterCmdlets.Core.Rasters;

/// <summary>What kind of problem a <see cref="RasterException"/> reports; cmdlets map it to an ErrorCategory.</summary>
public enum RasterErrorKind
{
    InvalidArgument,
    InvalidData,
    NotSupported,
    Mismatch,
    OutputExists,
}

/// <summary>A request the core refuses, with a stable identifier that cmdlets use as ErrorId.</summary>
public sealed class RasterException(string errorId, RasterErrorKind kind, string message) : Exception(message)
{
    /// <summary>PascalCase identifier, such as "BandOutOfRange".</summary>
    public string ErrorId { get; } = errorId;
    public RasterErrorKind Kind { get; } = kind;
}
