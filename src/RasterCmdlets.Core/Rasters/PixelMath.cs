using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Rasters;

/// <summary>Per-pixel conversions and validity tests on buffers in a band's native type.</summary>
internal static class PixelMath
{
    /// <summary>Widens native pixels to float; the common 8- and 16-bit types take a SIMD path.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToSingle(ReadOnlySpan<byte> raw, RasterDataType type, Span<float> destination)
    {
        switch (type)
        {
            case RasterDataType.Byte: Widen(raw, destination); break;
            case RasterDataType.UInt16: Widen(MemoryMarshal.Cast<byte, ushort>(raw), destination); break;
            case RasterDataType.Int16: Widen(MemoryMarshal.Cast<byte, short>(raw), destination); break;
            case RasterDataType.Int8: Convert(MemoryMarshal.Cast<byte, sbyte>(raw), destination); break;
            case RasterDataType.UInt32: Convert(MemoryMarshal.Cast<byte, uint>(raw), destination); break;
            case RasterDataType.Int32: Convert(MemoryMarshal.Cast<byte, int>(raw), destination); break;
            case RasterDataType.Float32: MemoryMarshal.Cast<byte, float>(raw)[..destination.Length].CopyTo(destination); break;
            case RasterDataType.Float64: Convert(MemoryMarshal.Cast<byte, double>(raw), destination); break;
            case RasterDataType.UInt64: Convert(MemoryMarshal.Cast<byte, ulong>(raw), destination); break;
            case RasterDataType.Int64: Convert(MemoryMarshal.Cast<byte, long>(raw), destination); break;
            default: throw new NotSupportedException(type.ToString());
        }
    }

    /// <summary>The pixels at <paramref name="indices"/> widened to float, as <see cref="ToSingle"/> widens them.</summary>
    // Hot loop: compiled fully optimised at once; a fit draws its sample once, before tiering would get to it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<byte> raw, RasterDataType type, ReadOnlySpan<int> indices, Span<float> destination)
    {
        switch (type)
        {
            case RasterDataType.Byte: Gather(raw, indices, destination); break;
            case RasterDataType.Int8: Gather(MemoryMarshal.Cast<byte, sbyte>(raw), indices, destination); break;
            case RasterDataType.UInt16: Gather(MemoryMarshal.Cast<byte, ushort>(raw), indices, destination); break;
            case RasterDataType.Int16: Gather(MemoryMarshal.Cast<byte, short>(raw), indices, destination); break;
            case RasterDataType.UInt32: Gather(MemoryMarshal.Cast<byte, uint>(raw), indices, destination); break;
            case RasterDataType.Int32: Gather(MemoryMarshal.Cast<byte, int>(raw), indices, destination); break;
            case RasterDataType.Float32: Gather(MemoryMarshal.Cast<byte, float>(raw), indices, destination); break;
            case RasterDataType.Float64: Gather(MemoryMarshal.Cast<byte, double>(raw), indices, destination); break;
            case RasterDataType.UInt64: Gather(MemoryMarshal.Cast<byte, ulong>(raw), indices, destination); break;
            case RasterDataType.Int64: Gather(MemoryMarshal.Cast<byte, long>(raw), indices, destination); break;
            default: throw new NotSupportedException(type.ToString());
        }
    }

    private static void Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> indices, Span<float> destination) where T : unmanaged, INumberBase<T>
    {
        for (var j = 0; j < indices.Length; j++) destination[j] = float.CreateTruncating(source[indices[j]]);
    }

    /// <summary>The value of pixel <paramref name="index"/> as a double, for the exact one-band paths.</summary>
    public static double ValueAt(ReadOnlySpan<byte> raw, RasterDataType type, int index) => type switch
    {
        RasterDataType.Byte => raw[index],
        RasterDataType.Int8 => (sbyte)raw[index],
        RasterDataType.UInt16 => MemoryMarshal.Cast<byte, ushort>(raw)[index],
        RasterDataType.Int16 => MemoryMarshal.Cast<byte, short>(raw)[index],
        RasterDataType.UInt32 => MemoryMarshal.Cast<byte, uint>(raw)[index],
        RasterDataType.Int32 => MemoryMarshal.Cast<byte, int>(raw)[index],
        RasterDataType.Float32 => MemoryMarshal.Cast<byte, float>(raw)[index],
        RasterDataType.Float64 => MemoryMarshal.Cast<byte, double>(raw)[index],
        RasterDataType.UInt64 => MemoryMarshal.Cast<byte, ulong>(raw)[index],
        RasterDataType.Int64 => MemoryMarshal.Cast<byte, long>(raw)[index],
        _ => throw new NotSupportedException(type.ToString()),
    };

    /// <summary>Clears <paramref name="valid"/> where the pixel is NaN (floating-point types only).</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ClearNaN(ReadOnlySpan<byte> raw, RasterDataType type, Span<byte> valid)
    {
        if (type == RasterDataType.Float32)
        {
            var values = MemoryMarshal.Cast<byte, float>(raw);
            for (var i = 0; i < valid.Length; i++)
                if (float.IsNaN(values[i])) valid[i] = 0;
        }
        else if (type == RasterDataType.Float64)
        {
            var values = MemoryMarshal.Cast<byte, double>(raw);
            for (var i = 0; i < valid.Length; i++)
                if (double.IsNaN(values[i])) valid[i] = 0;
        }
    }

    /// <summary>
    /// Clears <paramref name="valid"/> where the pixel equals <paramref name="value"/>, a NoData value
    /// the type can hold (<see cref="ValidityPlan.UsableNoData"/>). Returns nothing: the caller counts
    /// the valid pixels once every kind of missing pixel is applied.
    /// </summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ClearNoData(ReadOnlySpan<byte> raw, RasterDataType type, double value, Span<byte> valid)
    {
        switch (type)
        {
            case RasterDataType.Float32: ClearEqual(MemoryMarshal.Cast<byte, float>(raw), (float)value, valid); break;
            case RasterDataType.Float64: ClearEqual(MemoryMarshal.Cast<byte, double>(raw), value, valid); break;
            case RasterDataType.Byte: ClearEqual(raw, (byte)value, valid); break;
            case RasterDataType.Int8: ClearEqual(MemoryMarshal.Cast<byte, sbyte>(raw), (sbyte)value, valid); break;
            case RasterDataType.UInt16: ClearEqual(MemoryMarshal.Cast<byte, ushort>(raw), (ushort)value, valid); break;
            case RasterDataType.Int16: ClearEqual(MemoryMarshal.Cast<byte, ushort>(raw), unchecked((ushort)(short)value), valid); break;
            case RasterDataType.UInt32: ClearEqual(MemoryMarshal.Cast<byte, uint>(raw), (uint)value, valid); break;
            case RasterDataType.Int32: ClearEqual(MemoryMarshal.Cast<byte, int>(raw), (int)value, valid); break;
            case RasterDataType.UInt64: ClearEqual(MemoryMarshal.Cast<byte, ulong>(raw), (ulong)value, valid); break;
            case RasterDataType.Int64: ClearEqual(MemoryMarshal.Cast<byte, long>(raw), (long)value, valid); break;
        }
    }

    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ClearEqual<T>(ReadOnlySpan<T> values, T noData, Span<byte> valid) where T : unmanaged, IEquatable<T>
    {
        for (var i = 0; i < valid.Length; i++)
            if (values[i].Equals(noData)) valid[i] = 0;
    }

    /// <summary>The common 16-bit case, vectorised: equal lanes are narrowed to byte masks that clear the flags.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ClearEqual(ReadOnlySpan<ushort> values, ushort noData, Span<byte> valid)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<byte>.Count;
            var target = new Vector<ushort>(noData);
            var half = Vector<ushort>.Count;
            for (; i + n <= valid.Length; i += n)
            {
                var lo = Vector.Equals(new Vector<ushort>(values[i..]), target);
                var hi = Vector.Equals(new Vector<ushort>(values[(i + half)..]), target);
                var missing = Vector.Narrow(lo, hi);
                Vector.AndNot(new Vector<byte>(valid[i..]), missing).CopyTo(valid[i..]);
            }
        }
        for (; i < valid.Length; i++)
            if (values[i] == noData) valid[i] = 0;
    }

    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<byte>.Count;
            for (; i + n <= destination.Length; i += n)
            {
                Vector.Widen(new Vector<byte>(source[i..]), out var lo, out var hi);
                Vector.Widen(lo, out var a, out var b);
                Vector.Widen(hi, out var c, out var d);
                var q = Vector<uint>.Count;
                Vector.ConvertToSingle(Vector.AsVectorInt32(a)).CopyTo(destination[i..]);
                Vector.ConvertToSingle(Vector.AsVectorInt32(b)).CopyTo(destination[(i + q)..]);
                Vector.ConvertToSingle(Vector.AsVectorInt32(c)).CopyTo(destination[(i + 2 * q)..]);
                Vector.ConvertToSingle(Vector.AsVectorInt32(d)).CopyTo(destination[(i + 3 * q)..]);
            }
        }
        for (; i < destination.Length; i++) destination[i] = source[i];
    }

    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<ushort>.Count;
            for (; i + n <= destination.Length; i += n)
            {
                Vector.Widen(new Vector<ushort>(source[i..]), out var lo, out var hi);
                Vector.ConvertToSingle(Vector.AsVectorInt32(lo)).CopyTo(destination[i..]);
                Vector.ConvertToSingle(Vector.AsVectorInt32(hi)).CopyTo(destination[(i + n / 2)..]);
            }
        }
        for (; i < destination.Length; i++) destination[i] = source[i];
    }

    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<short> source, Span<float> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<short>.Count;
            for (; i + n <= destination.Length; i += n)
            {
                Vector.Widen(new Vector<short>(source[i..]), out var lo, out var hi);
                Vector.ConvertToSingle(lo).CopyTo(destination[i..]);
                Vector.ConvertToSingle(hi).CopyTo(destination[(i + n / 2)..]);
            }
        }
        for (; i < destination.Length; i++) destination[i] = source[i];
    }

    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Convert<T>(ReadOnlySpan<T> source, Span<float> destination) where T : unmanaged, INumberBase<T>
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = float.CreateTruncating(source[i]);
    }
}
