
namespace RasterCmdlets.Core.Rasters;

/// <summary>A class map held in a file, and the temporary file to delete afterwards, if any.</summary>
public sealed class ClassMapLease(RasterBand band, string? temporaryPath) : IDisposable
{
    public RasterBand Band { get; } = band;

    public void Dispose()
    {
        if (temporaryPath is not null) ModuleTemp.Delete(temporaryPath);
    }
}
