using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Raw bindings for reading and writing vector files of points and polygons (accuracy assessment,
/// samples): layers, fields, features, geometries and their coordinate transformation (ogr_api.h,
/// ogr_srs_api.h), layer metadata (gdal.h) and GDAL's rasteriser (gdal_alg.h). Nothing here checks
/// errors: <see cref="GdalVectorFile"/> and <see cref="GdalRasterize"/> do.
/// </summary>
internal static unsafe partial class GdalNative
{
    internal const uint GDAL_OF_VECTOR = 0x04;
    internal const int WkbPoint = 1;
    
    [LibraryImport(Library)] internal static partial int GDALDatasetGetLayerCount(DatasetHandle dataset);
    [LibraryImport(Library)] internal static partial nint OGR_L_GetSpatialRef(nint layer);
    [LibraryImport(Library)] internal static partial int OGR_L_SetNextByIndex(nint layer, long index);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OGR_FD_GetFieldIndex(nint definition, string name);
    [LibraryImport(Library)] internal static partial int OGR_FD_GetFieldCount(nint definition);
    [LibraryImport(Library)] internal static partial nint OGR_FD_GetFieldDefn(nint definition, int index);
    [LibraryImport(Library)] internal static partial nint OGR_Fld_GetNameRef(nint field);
    [LibraryImport(Library)] internal static partial int OGR_F_IsFieldSetAndNotNull(nint feature, int index);
    [LibraryImport(Library)] internal static partial nint OGR_F_GetFieldAsString(nint feature, int index);
    [LibraryImport(Library)] internal static partial void OGR_F_SetFieldNull(nint feature, int index);
    [LibraryImport(Library)] internal static partial void OGR_F_SetFieldInteger64(nint feature, int index, long value);

    [LibraryImport(Library)] internal static partial int OGR_G_GetGeometryType(nint geometry);
    [LibraryImport(Library)] internal static partial int OGR_GT_Flatten(int type);
    [LibraryImport(Library)] internal static partial int OGR_G_IsEmpty(nint geometry);
    [LibraryImport(Library)] internal static partial nint OGR_G_Clone(nint geometry);
    [LibraryImport(Library)] internal static partial int OGR_G_Transform(nint geometry, nint transformation);
    [LibraryImport(Library)] internal static partial nint OGR_G_CreateGeometry(int type);
    [LibraryImport(Library)] internal static partial void OGR_G_SetPoint_2D(nint geometry, int index, double x, double y);

    [LibraryImport(Library)] internal static partial nint OCTNewCoordinateTransformation(nint source, nint target);
    [LibraryImport(Library)] internal static partial void OCTDestroyCoordinateTransformation(nint transformation);
    [LibraryImport(Library)] internal static partial int OSRIsSame(nint a, nint b);
    [LibraryImport(Library)] internal static partial nint OSRClone(nint srs);
    [LibraryImport(Library)] internal static partial void OSRRelease(nint srs);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALGetMetadataItem(nint majorObject, string name, string? domain);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GDALSetMetadataItem(nint majorObject, string name, string value, string? domain);

    // The progress function is int (*)(double complete, const char* message, void* data).
    [LibraryImport(Library)]
    internal static partial int GDALRasterizeGeometries(DatasetHandle dataset, int bandCount, int* bandList, int geometryCount, nint* geometries,
        nint transformer, nint transformArg, double* burnValues, nint options, nint progress, nint progressData);
}
