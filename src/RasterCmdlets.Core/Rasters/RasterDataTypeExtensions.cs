using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

public static class RasterDataTypeExtensions
{
    public static int SizeInBytes(this RasterDataType type) => type switch
    {
        RasterDataType.Byte or RasterDataType.Int8 => 1,
        RasterDataType.UInt16 or RasterDataType.Int16 => 2,
        RasterDataType.UInt32 or RasterDataType.Int32 or RasterDataType.Float32 or RasterDataType.CInt16 => 4,
        RasterDataType.Float64 or RasterDataType.UInt64 or RasterDataType.Int64 or RasterDataType.CInt32 or RasterDataType.CFloat32 => 8,
        RasterDataType.CFloat64 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown data type"),
    };

    public static bool IsComplex(this RasterDataType type) =>
        type is RasterDataType.CInt16 or RasterDataType.CInt32 or RasterDataType.CFloat32 or RasterDataType.CFloat64;

    /// <summary>Types that can hold NaN, which is always a missing value.</summary>
    public static bool IsFloatingPoint(this RasterDataType type) => type is RasterDataType.Float32 or RasterDataType.Float64;

    /// <summary>Integer types whose values a dense histogram can hold (at most 32 bits).</summary>
    public static bool IsHistogrammable(this RasterDataType type) =>
        type is RasterDataType.Byte or RasterDataType.Int8 or RasterDataType.UInt16 or RasterDataType.Int16
            or RasterDataType.UInt32 or RasterDataType.Int32;

    /// <summary>Whether a value is exactly representable in the type (used for NoData values).</summary>
    public static bool CanHold(this RasterDataType type, double value) => type switch
    {
        RasterDataType.Byte => value is >= 0 and <= 255 && value == Math.Floor(value),
        RasterDataType.Int8 => value is >= -128 and <= 127 && value == Math.Floor(value),
        RasterDataType.UInt16 => value is >= 0 and <= 65535 && value == Math.Floor(value),
        RasterDataType.Int16 => value is >= -32768 and <= 32767 && value == Math.Floor(value),
        RasterDataType.UInt32 => value is >= 0 and <= uint.MaxValue && value == Math.Floor(value),
        RasterDataType.Int32 => value is >= int.MinValue and <= int.MaxValue && value == Math.Floor(value),
        RasterDataType.UInt64 => value is >= 0 and <= ulong.MaxValue && value == Math.Floor(value),
        RasterDataType.Int64 => value is >= long.MinValue and <= long.MaxValue && value == Math.Floor(value),
        _ => true,
    };
}
