namespace RasterCmdlets.Core.Rasters;

/// <summary>What kind of problem a <see cref="RasterException"/> reports; cmdlets map it to an ErrorCategory.</summary>
public enum RasterErrorKind
{
    InvalidArgument,
    InvalidData,
    NotSupported,
    Mismatch,
    OutputExists,
    /// <summary>A file or object named does not exist.</summary>
    NotFound,
    /// <summary>An input of a type the operation does not take.</summary>
    WrongType,
    /// <summary>Something the machine lacks (a library that does not load).</summary>
    Unavailable,
}
