namespace RasterCmdlets.Core.Rasters;

/// <summary>A request the core refuses, with a stable identifier that cmdlets use as ErrorId.</summary>
public sealed class RasterException(string errorId, RasterErrorKind kind, string message) : Exception(message)
{
    /// <summary>PascalCase identifier, such as "BandOutOfRange".</summary>
    public string ErrorId { get; } = errorId;
    public RasterErrorKind Kind { get; } = kind;
    /// <summary>What the error is about (a file's path, an input), when the thrower knows better than the caller.</summary>
    public object? Target { get; init; }
}
