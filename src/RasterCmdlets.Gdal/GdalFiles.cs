namespace RasterCmdlets.Gdal;

/// <summary>Files in GDAL's virtual file systems (/vsimem/, ...), which .NET's File cannot see.</summary>
public static class GdalFiles
{
    /// <summary>Deletes a file if it exists; a missing file is no error.</summary>
    public static void Delete(string path)
    {
        GdalLibrary.EnsureInitialized();
        GdalNative.VSIUnlink(path);
        GdalNative.CPLErrorReset();
    }
}
