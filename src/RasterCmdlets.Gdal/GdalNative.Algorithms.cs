using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Raw bindings for the water-bodies workflow: GDAL's raster algorithms (gdal_alg.h: sieve,
/// polygonize), OGR's vector C API (ogr_api.h, the GDALDataset vector functions of gdal.h) and
/// the colour-table readers. Kept apart from the core bindings so that each can change alone.
/// Nothing here checks errors: <see cref="GdalCall"/> and the wrappers that use it do.
/// </summary>
internal static unsafe partial class GdalNative
{
    internal const int GDT_Unknown = 0;
    internal const int WkbPolygon = 3;
    internal const int OFTInteger = 0;
    internal const int OFTReal = 2;
    internal const int OFTString = 4;
    internal const int OAMS_TRADITIONAL_GIS_ORDER = 0;

    // gdal_alg.h. The progress function is int (*)(double complete, const char* message, void* data).
    [LibraryImport(Library)]
    internal static partial int GDALSieveFilter(nint sourceBand, nint maskBand, nint destinationBand, int threshold, int connectedness,
        nint options, nint progress, nint progressData);
    [LibraryImport(Library)]
    internal static partial int GDALPolygonize(nint sourceBand, nint maskBand, nint layer, int fieldIndex,
        nint options, nint progress, nint progressData);

    // Colour tables and category names of a band.
    [LibraryImport(Library)] internal static partial nint GDALGetRasterColorTable(nint band);
    [LibraryImport(Library)] internal static partial int GDALGetColorEntryCount(nint colorTable);
    [LibraryImport(Library)] internal static partial GdalColorEntry* GDALGetColorEntry(nint colorTable, int index);
    [LibraryImport(Library)] internal static partial nint GDALGetRasterCategoryNames(nint band);
    [LibraryImport(Library)] internal static partial int GDALGetOverviewCount(nint band);
    [LibraryImport(Library)]
    internal static partial int GDALRasterIOEx(nint band, int rwFlag, int xOff, int yOff, int xSize, int ySize,
        void* buffer, int bufXSize, int bufYSize, int bufType, long pixelSpace, long lineSpace, in GdalRasterIOExtraArg extra);

    // Vector datasets and layers (gdal.h).
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GDALDatasetCreateLayer(DatasetHandle dataset, string name, nint srs, int geometryType, nint options);
    [LibraryImport(Library)] internal static partial nint GDALDatasetGetLayer(DatasetHandle dataset, int index);
    [LibraryImport(Library)] internal static partial int GDALDatasetStartTransaction(DatasetHandle dataset, int force);
    [LibraryImport(Library)] internal static partial int GDALDatasetCommitTransaction(DatasetHandle dataset);

    // Fields, features, geometries (ogr_api.h).
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint OGR_Fld_Create(string name, int type);
    [LibraryImport(Library)] internal static partial void OGR_Fld_SetWidth(FieldDefinitionHandle field, int width);
    [LibraryImport(Library)] internal static partial void OGR_Fld_SetPrecision(FieldDefinitionHandle field, int precision);
    [LibraryImport(Library)] internal static partial void OGR_Fld_Destroy(nint field);
    [LibraryImport(Library)] internal static partial int OGR_L_CreateField(nint layer, FieldDefinitionHandle field, int approxOk);
    [LibraryImport(Library)] internal static partial nint OGR_L_GetLayerDefn(nint layer);
    [LibraryImport(Library)] internal static partial void OGR_L_ResetReading(nint layer);
    [LibraryImport(Library)] internal static partial nint OGR_L_GetNextFeature(nint layer);
    [LibraryImport(Library)] internal static partial int OGR_L_CreateFeature(nint layer, FeatureHandle feature);
    [LibraryImport(Library)] internal static partial long OGR_L_GetFeatureCount(nint layer, int force);

    [LibraryImport(Library)] internal static partial nint OGR_F_Create(nint definition);
    [LibraryImport(Library)] internal static partial void OGR_F_Destroy(nint feature);
    [LibraryImport(Library)] internal static partial int OGR_F_GetFieldAsInteger(FeatureHandle feature, int index);
    [LibraryImport(Library)] internal static partial void OGR_F_SetFieldInteger(FeatureHandle feature, int index, int value);
    [LibraryImport(Library)] internal static partial void OGR_F_SetFieldDouble(FeatureHandle feature, int index, double value);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void OGR_F_SetFieldString(FeatureHandle feature, int index, string value);
    [LibraryImport(Library)] internal static partial nint OGR_F_GetGeometryRef(nint feature);
    [LibraryImport(Library)] internal static partial nint OGR_F_StealGeometry(FeatureHandle feature);
    [LibraryImport(Library)] internal static partial int OGR_F_SetGeometryDirectly(FeatureHandle feature, nint geometry);

    [LibraryImport(Library)] internal static partial double OGR_G_Area(nint geometry);
    [LibraryImport(Library)] internal static partial double OGR_G_Length(nint geometry);
    [LibraryImport(Library)] internal static partial nint OGR_G_Boundary(nint geometry);
    [LibraryImport(Library)] internal static partial void OGR_G_DestroyGeometry(nint geometry);
    [LibraryImport(Library)] internal static partial int OGR_G_GetGeometryCount(nint geometry);
    [LibraryImport(Library)] internal static partial nint OGR_G_GetGeometryRef(nint geometry, int index);
    [LibraryImport(Library)] internal static partial int OGR_G_GetPointCount(nint geometry);
    [LibraryImport(Library)] internal static partial double OGR_G_GetX(nint geometry, int index);
    [LibraryImport(Library)] internal static partial double OGR_G_GetY(nint geometry, int index);

    [LibraryImport(Library)] internal static partial int OSRSetAxisMappingStrategy(SpatialReferenceHandle srs, int strategy);
}
