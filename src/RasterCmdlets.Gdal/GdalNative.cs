using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Raw bindings to GDAL's stable C API (gdal.h, cpl_error.h, cpl_conv.h, cpl_vsi.h, ogr_srs_api.h).
/// Nothing here checks errors: <see cref="GdalCall"/> and the types that use it do.
/// </summary>
internal static partial class GdalNative
{
    /// <summary>Placeholder name: <see cref="GdalLibrary"/> resolves it to the real file per platform.</summary>
    internal const string Library = "gdal";

    internal const int GA_Update = 1;
    internal const uint GDAL_OF_RASTER = 0x02;
    internal const uint GDAL_OF_VERBOSE_ERROR = 0x40;
    internal const int GF_Read = 0;
    internal const int GF_Write = 1;

    internal const int GMF_ALL_VALID = 0x01;
    internal const int GMF_NODATA = 0x08;

    [LibraryImport(Library)] internal static partial void GDALAllRegister();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALOpenEx(string path, uint flags, nint allowedDrivers, nint openOptions, nint siblingFiles);
    // void in GDAL < 3.7 (CPLErr after): failures are read from the error state instead.
    [LibraryImport(Library)] internal static partial void GDALClose(nint dataset);
    [LibraryImport(Library)] internal static partial int GDALGetRasterXSize(DatasetHandle dataset);
    [LibraryImport(Library)] internal static partial int GDALGetRasterYSize(DatasetHandle dataset);
    [LibraryImport(Library)] internal static partial int GDALGetRasterCount(DatasetHandle dataset);
    [LibraryImport(Library)] internal static partial nint GDALGetRasterBand(DatasetHandle dataset, int band);
    [LibraryImport(Library)] internal static partial int GDALGetGeoTransform(DatasetHandle dataset, [Out] double[] transform);
    [LibraryImport(Library)] internal static partial int GDALSetGeoTransform(DatasetHandle dataset, [In] double[] transform);
    [LibraryImport(Library)] internal static partial nint GDALGetProjectionRef(DatasetHandle dataset);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GDALSetProjection(DatasetHandle dataset, string wkt);
    [LibraryImport(Library)] internal static partial nint GDALGetDatasetDriver(DatasetHandle dataset);
    [LibraryImport(Library)] internal static partial nint GDALGetDriverShortName(nint driver);
    [LibraryImport(Library)] internal static partial int GDALFlushCache(DatasetHandle dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALGetDriverByName(string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALCreate(nint driver, string path, int width, int height, int bands, int dataType, nint options);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALCreateCopy(nint driver, string path, DatasetHandle source, int strict, nint options, nint progress, nint progressData);

    [LibraryImport(Library)] internal static partial int GDALGetRasterDataType(nint band);
    [LibraryImport(Library)] internal static partial int GDALGetRasterBandXSize(nint band);
    [LibraryImport(Library)] internal static partial int GDALGetRasterBandYSize(nint band);
    [LibraryImport(Library)] internal static partial int GDALGetDataTypeSizeBytes(int dataType);
    [LibraryImport(Library)] internal static partial double GDALGetRasterScale(nint band, out int hasScale);
    [LibraryImport(Library)] internal static partial double GDALGetRasterOffset(nint band, out int hasOffset);
    [LibraryImport(Library)] internal static partial void GDALGetBlockSize(nint band, out int blockX, out int blockY);
    [LibraryImport(Library)] internal static partial double GDALGetRasterNoDataValue(nint band, out int hasNoData);
    [LibraryImport(Library)] internal static partial int GDALSetRasterNoDataValue(nint band, double value);
    [LibraryImport(Library)] internal static partial int GDALGetMaskFlags(nint band);
    [LibraryImport(Library)] internal static partial nint GDALGetMaskBand(nint band);
    [LibraryImport(Library)] internal static partial nint GDALGetDescription(nint band);
    [LibraryImport(Library)]
    internal static unsafe partial int GDALRasterIO(nint band, int rwFlag, int xOff, int yOff, int xSize, int ySize,
        void* buffer, int bufXSize, int bufYSize, int bufType, int pixelSpace, int lineSpace);
    [LibraryImport(Library)] internal static partial int GDALSetRasterColorTable(nint band, nint colorTable);
    [LibraryImport(Library)] internal static partial nint GDALCreateColorTable(int interpretation);
    [LibraryImport(Library)] internal static partial void GDALDestroyColorTable(nint colorTable);
    [LibraryImport(Library)] internal static partial void GDALSetColorEntry(nint colorTable, int index, in GdalColorEntry entry);
    [LibraryImport(Library)] internal static partial int GDALSetRasterCategoryNames(nint band, nint names);
    [LibraryImport(Library)] internal static partial int GDALSetRasterColorInterpretation(nint band, int interpretation);

    [LibraryImport(Library)] internal static partial void GDALGetOpenDatasets(out nint datasets, out int count);
    [LibraryImport(Library)] internal static partial void GDALSetCacheMax64(long bytes);
    [LibraryImport(Library)] internal static partial long GDALGetCacheMax64();

    // gdalwarp as a library (gdal_utils.h): resampling onto another grid is GDAL's warper, never ours.
    [LibraryImport(Library)] internal static partial nint GDALWarpAppOptionsNew(nint argv, nint binaryOptions);
    [LibraryImport(Library)] internal static partial void GDALWarpAppOptionsFree(nint options);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALWarp(string destination, nint destinationDataset, int sourceCount, [In] nint[] sources, nint options, out int usageError);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALGetMetadata(nint majorObject, string? domain);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int VSIUnlink(string path);

    [LibraryImport(Library)] internal static partial void CPLErrorReset();
    [LibraryImport(Library)] internal static partial int CPLGetLastErrorNo();
    [LibraryImport(Library)] internal static partial int CPLGetLastErrorType();
    [LibraryImport(Library)] internal static partial nint CPLGetLastErrorMsg();
    [LibraryImport(Library)] internal static partial nint CPLSetErrorHandler(nint handler);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint CPLGetConfigOption(string key, nint defaultValue);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void CPLSetThreadLocalConfigOption(string key, string? value);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint CSLSetNameValue(nint list, string name, string value);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint CSLAddString(nint list, string value);
    [LibraryImport(Library)] internal static partial void CSLDestroy(nint list);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint OSRNewSpatialReference(string? wkt);
    [LibraryImport(Library)] internal static partial void OSRDestroySpatialReference(nint srs);
    [LibraryImport(Library)] internal static partial int OSRAutoIdentifyEPSG(SpatialReferenceHandle srs);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint OSRGetAuthorityCode(SpatialReferenceHandle srs, string? targetKey);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint OSRGetAuthorityName(SpatialReferenceHandle srs, string? targetKey);
    [LibraryImport(Library)] internal static partial nint OSRGetName(SpatialReferenceHandle srs);
    [LibraryImport(Library)] internal static partial int OSRIsGeographic(SpatialReferenceHandle srs);
    [LibraryImport(Library)] internal static partial double OSRGetLinearUnits(SpatialReferenceHandle srs, out nint unitName);
    [LibraryImport(Library)] internal static partial double OSRGetSemiMajor(SpatialReferenceHandle srs, out int error);
    [LibraryImport(Library)] internal static partial double OSRGetInvFlattening(SpatialReferenceHandle srs, out int error);
}
