namespace RasterCmdlets.Core.Rasters;

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
