using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>Pixel data types, numbered as GDAL's GDALDataType (<see cref="GdalDataType"/>) so they pass straight through.</summary>
public enum RasterDataType
{
    Unknown = (int)GdalDataType.Unknown,
    Byte = (int)GdalDataType.Byte,
    UInt16 = (int)GdalDataType.UInt16,
    Int16 = (int)GdalDataType.Int16,
    UInt32 = (int)GdalDataType.UInt32,
    Int32 = (int)GdalDataType.Int32,
    Float32 = (int)GdalDataType.Float32,
    Float64 = (int)GdalDataType.Float64,
    CInt16 = (int)GdalDataType.CInt16,
    CInt32 = (int)GdalDataType.CInt32,
    CFloat32 = (int)GdalDataType.CFloat32,
    CFloat64 = (int)GdalDataType.CFloat64,
    UInt64 = (int)GdalDataType.UInt64,
    Int64 = (int)GdalDataType.Int64,
    Int8 = (int)GdalDataType.Int8,
}
