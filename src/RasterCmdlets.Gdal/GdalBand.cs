using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>A band borrowed from its dataset; holds the dataset so that it outlives the band.</summary>
public readonly struct GdalBand
{
    private readonly nint _band;

    internal GdalBand(GdalDataset owner, nint band, int number)
    {
        Owner = owner;
        _band = band;
        Number = number;
    }

    public GdalDataset Owner { get; }
    public int Number { get; }

    public GdalDataType DataType => (GdalDataType)GdalNative.GDALGetRasterDataType(_band);

    public (int Width, int Height) BlockSize
    {
        get
        {
            GdalNative.GDALGetBlockSize(_band, out var x, out var y);
            return (x, y);
        }
    }

    public double? NoDataValue
    {
        get
        {
            var value = GdalNative.GDALGetRasterNoDataValue(_band, out var has);
            return has != 0 ? value : null;
        }
        set
        {
            if (value is double v) GdalCall.Check(GdalNative.GDALSetRasterNoDataValue(_band, v), "Setting the NoData value");
        }
    }

    public GdalMaskFlags MaskFlags => (GdalMaskFlags)GdalNative.GDALGetMaskFlags(_band);

    internal nint Raw => _band;

    public GdalBand MaskBand
    {
        get
        {
            var mask = GdalNative.GDALGetMaskBand(_band);
            if (mask == 0) throw GdalCall.LastError("Reading the mask band");
            return new GdalBand(Owner, mask, 0);
        }
    }

    public string Description => Marshal.PtrToStringUTF8(GdalNative.GDALGetDescription(_band)) ?? "";

    /// <summary>Reads the window at (<paramref name="x"/>, <paramref name="y"/>) into <paramref name="buffer"/>, converted to <paramref name="bufferType"/>.</summary>
    public void Read<T>(int x, int y, int width, int height, Span<T> buffer, GdalDataType bufferType) where T : unmanaged
        => Transfer(GdalNative.GF_Read, x, y, width, height, MemoryMarshal.AsBytes(buffer), bufferType);

    public void Write<T>(int x, int y, int width, int height, ReadOnlySpan<T> buffer, GdalDataType bufferType) where T : unmanaged
        => Transfer(GdalNative.GF_Write, x, y, width, height, MemoryMarshal.AsBytes(buffer), bufferType);

    private unsafe void Transfer(int direction, int x, int y, int width, int height, ReadOnlySpan<byte> bytes, GdalDataType bufferType)
    {
        var needed = (long)width * height * GdalNative.GDALGetDataTypeSizeBytes((int)bufferType);
        if (bytes.Length < needed) throw new ArgumentException("Buffer too small for the window.");
        var what = $"{(direction == GdalNative.GF_Read ? "Reading" : "Writing")} window {width}x{height} at ({x},{y}) of band {Number} of '{Owner.Path}'";
        GdalCall.Reset();
        fixed (byte* p = bytes)
        {
            var err = GdalNative.GDALRasterIO(_band, direction, x, y, width, height, p, width, height, (int)bufferType, 0, 0);
            GdalCall.Check(err, what);
            // GTiff may log a decoding failure yet return CE_None for a damaged tile.
            GdalCall.ThrowIfFailureRecorded(what);
        }
    }

    /// <summary>
    /// Reads the whole band into a buffer of another size: GDAL picks the best overview, then
    /// resamples with <paramref name="resampling"/>.
    /// </summary>
    public unsafe void ReadResampled<T>(Span<T> buffer, int bufferWidth, int bufferHeight, GdalDataType bufferType, GdalResampling resampling)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(buffer);
        if (bytes.Length < (long)bufferWidth * bufferHeight * GdalNative.GDALGetDataTypeSizeBytes((int)bufferType))
            throw new ArgumentException("Buffer too small for the picture.");
        var what = $"Reading band {Number} of '{Owner.Path}'";
        GdalCall.Reset();
        fixed (byte* p = bytes)
        {
            var size = (X: GdalNative.GDALGetRasterBandXSize(_band), Y: GdalNative.GDALGetRasterBandYSize(_band));
            var err = GdalNative.GDALRasterIOEx(_band, GdalNative.GF_Read, 0, 0, size.X, size.Y, p, bufferWidth, bufferHeight, (int)bufferType, 0, 0,
                GdalRasterIOExtraArg.With((int)resampling));
            GdalCall.Check(err, what);
            GdalCall.ThrowIfFailureRecorded(what);
        }
    }

    /// <summary>Marks the band as the alpha band of its dataset.</summary>
    public void MarkAsAlpha() => GdalCall.Check(GdalNative.GDALSetRasterColorInterpretation(_band, 6), "Marking the alpha band"); // GCI_AlphaBand

    /// <summary>The band's colour table, or null when it has none.</summary>
    public unsafe IReadOnlyList<(byte R, byte G, byte B, byte A)>? ColorTable
    {
        get
        {
            var table = GdalNative.GDALGetRasterColorTable(_band);
            if (table == 0) return null;
            var colours = new (byte, byte, byte, byte)[GdalNative.GDALGetColorEntryCount(table)];
            for (var i = 0; i < colours.Length; i++)
            {
                var e = GdalNative.GDALGetColorEntry(table, i);
                colours[i] = ((byte)e->C1, (byte)e->C2, (byte)e->C3, (byte)e->C4);
            }
            return colours;
        }
    }

    /// <summary>
    /// The band's category names (class names), class 0 first; empty when it has none. A GeoTIFF
    /// keeps them in its .aux.xml sidecar, which GDAL 3.6's GTiff driver loads lazily: asked for
    /// first, the names come back empty, while asking for the colour table first loads the sidecar.
    /// Trailing empty names name nothing and are dropped; a damaged sidecar is an error.
    /// </summary>
    public IReadOnlyList<string> CategoryNames
    {
        get
        {
            GdalCall.Reset();
            GdalNative.GDALGetRasterColorTable(_band);
            var list = GdalNative.GDALGetRasterCategoryNames(_band);
            var names = new List<string>();
            for (var i = 0; list != 0 && Marshal.ReadIntPtr(list, i * IntPtr.Size) is var item && item != 0; i++)
                names.Add(Marshal.PtrToStringUTF8(item) ?? "");
            GdalCall.ThrowIfFailureRecorded($"Reading the category names of band {Number} of '{Owner.Path}'");
            while (names.Count > 0 && names[^1].Length == 0) names.RemoveAt(names.Count - 1);
            return names;
        }
    }

    public void SetColorTable(IReadOnlyList<(byte R, byte G, byte B, byte A)> colors)
    {
        var table = GdalNative.GDALCreateColorTable(1); // GPI_RGB
        try
        {
            for (var i = 0; i < colors.Count; i++)
            {
                var c = colors[i];
                GdalNative.GDALSetColorEntry(table, i, new GdalColorEntry { C1 = c.R, C2 = c.G, C3 = c.B, C4 = c.A });
            }
            GdalCall.Check(GdalNative.GDALSetRasterColorTable(_band, table), "Setting the colour table");
        }
        finally
        {
            GdalNative.GDALDestroyColorTable(table);
        }
    }

    public void SetCategoryNames(IEnumerable<string> names)
    {
        using var list = new StringList(names, asNameValue: false);
        GdalCall.Check(GdalNative.GDALSetRasterCategoryNames(_band, list.Pointer), "Setting the category names");
    }

    /// <summary>The band's scale (physical value = raw × scale + offset), 1 when the file declares none.</summary>
    public double Scale
    {
        get
        {
            var value = GdalNative.GDALGetRasterScale(_band, out var has);
            return has != 0 && double.IsFinite(value) ? value : 1;
        }
    }

    /// <summary>The band's offset, 0 when the file declares none.</summary>
    public double Offset
    {
        get
        {
            var value = GdalNative.GDALGetRasterOffset(_band, out var has);
            return has != 0 && double.IsFinite(value) ? value : 0;
        }
    }
}
