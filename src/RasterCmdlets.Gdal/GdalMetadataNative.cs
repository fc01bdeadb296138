using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Raw binding for reading one metadata item of a dataset (gdal.h), for the dates class maps carry
/// (TIFFTAG_DATETIME, the IMAGERY domain's ACQUISITIONDATETIME). Nothing here checks errors:
/// <see cref="GdalMetadata"/> does.
/// </summary>
internal static partial class GdalNative
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALGetMetadataItem(DatasetHandle dataset, string name, string? domain);
}
