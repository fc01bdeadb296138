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

/// <summary>What a file was to the operation that failed on it.</summary>
public enum RasterIORole
{
    /// <summary>An input could not be opened (missing, not a raster, unreadable header).</summary>
    OpenInput,
    /// <summary>An input's pixels could not be read (a damaged block, a truncated file).</summary>
    ReadInput,
    /// <summary>An output could not be created or written (disk full, no permission, driver refusal).</summary>
    WriteOutput,
}

/// <summary>
/// A GDAL (or file system) failure, wrapped where it happened, so that whoever reports it knows
/// which file failed and in which role without reading the message.
/// </summary>
public sealed class RasterIOException(RasterIORole role, string path, Exception inner) : Exception(inner.Message, inner)
{
    public RasterIORole Role { get; } = role;
    public string Path { get; } = path;

    /// <summary>Runs <paramref name="work"/>, wrapping a GDAL failure in the given role.</summary>
    internal static T Wrap<T>(RasterIORole role, string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Gdal.GdalException e)
        {
            throw new RasterIOException(role, path, e);
        }
    }
}
