namespace RasterCmdlets.Core.Rasters;

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
