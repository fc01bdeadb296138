using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// An open GDAL dataset: the checked layer over <see cref="GdalNative"/>. Not thread-safe, as GDAL
/// datasets are not: parallel readers each open their own.
/// </summary>
public sealed class GdalDataset : IDisposable
{
    private readonly DatasetHandle _handle;

    private GdalDataset(DatasetHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }
    public int Width => GdalNative.GDALGetRasterXSize(_handle);
    public int Height => GdalNative.GDALGetRasterYSize(_handle);
    public int BandCount => GdalNative.GDALGetRasterCount(_handle);
    internal DatasetHandle Handle => _handle;

    public static GdalDataset Open(string path, bool update = false)
    {
        GdalLibrary.EnsureInitialized();
        GdalCall.Reset();
        var flags = GdalNative.GDAL_OF_RASTER | GdalNative.GDAL_OF_VERBOSE_ERROR | (update ? (uint)GdalNative.GA_Update : 0);
        var raw = GdalNative.GDALOpenEx(path, flags, 0, 0, 0);
        if (raw == 0) throw GdalCall.LastError(path.StartsWith("<VRTDataset", StringComparison.Ordinal)
            ? "Opening a VRT (a band resampled onto another grid)" // its XML text would fill the message
            : $"Opening '{path}'");
        return new GdalDataset(new DatasetHandle(raw), path);
    }

    /// <summary>
    /// Opens a dataset to be read once, front to back, in large windows. An uncompressed GeoTIFF
    /// is then read straight into the caller's buffers instead of through GDAL's block cache
    /// (GTIFF_DIRECT_IO): a quarter less CPU for the histogram pass of a tile, and nothing cached that would
    /// not be read again. The option applies to this open alone, unless the user set it.
    /// </summary>
    public static GdalDataset OpenForStreaming(string path)
    {
        GdalLibrary.EnsureInitialized();
        const string DirectIo = "GTIFF_DIRECT_IO";
        if (GdalNative.CPLGetConfigOption(DirectIo, 0) != 0) return Open(path);
        GdalNative.CPLSetThreadLocalConfigOption(DirectIo, "YES");
        try
        {
            return Open(path);
        }
        finally
        {
            GdalNative.CPLSetThreadLocalConfigOption(DirectIo, null);
        }
    }

    public static GdalDataset Create(string driverName, string path, int width, int height, int bands,
        GdalDataType type, IEnumerable<string> creationOptions)
    {
        GdalLibrary.EnsureInitialized();
        var driver = GdalNative.GDALGetDriverByName(driverName);
        if (driver == 0) throw new GdalException($"Finding the {driverName} driver", GdalException.NotSupported, "driver not available in this GDAL");
        using var options = new StringList(creationOptions);
        GdalCall.Reset();
        var raw = GdalNative.GDALCreate(driver, path, width, height, bands, (int)type, options.Pointer);
        if (raw == 0) throw GdalCall.LastError($"Creating '{path}'");
        return new GdalDataset(new DatasetHandle(raw), path);
    }

    /// <summary>Copies this dataset with another driver (COG needs a complete source to copy from).</summary>
    public void CopyTo(string driverName, string path, IEnumerable<string> creationOptions)
    {
        var driver = GdalNative.GDALGetDriverByName(driverName);
        if (driver == 0) throw new GdalException($"Finding the {driverName} driver", GdalException.NotSupported, "driver not available in this GDAL");
        using var options = new StringList(creationOptions);
        GdalCall.Reset();
        var raw = GdalNative.GDALCreateCopy(driver, path, _handle, 0, options.Pointer, 0, 0);
        if (raw == 0) throw GdalCall.LastError($"Writing '{path}'");
        new GdalDataset(new DatasetHandle(raw), path).Close();
    }

    public string DriverName => Marshal.PtrToStringUTF8(GdalNative.GDALGetDriverShortName(GdalNative.GDALGetDatasetDriver(_handle))) ?? "";

    /// <summary>GDAL's six geotransform coefficients, or null when the dataset has none.</summary>
    public double[]? GeoTransform
    {
        get
        {
            var values = new double[6];
            GdalCall.Reset();
            var ok = GdalNative.GDALGetGeoTransform(_handle, values) < 3;
            GdalNative.CPLErrorReset(); // "no geotransform" is a normal state, not an error
            return ok ? values : null;
        }
        set
        {
            if (value is null) return;
            GdalCall.Check(GdalNative.GDALSetGeoTransform(_handle, value), $"Setting the geotransform of '{Path}'");
        }
    }

    public string ProjectionWkt
    {
        get => Marshal.PtrToStringUTF8(GdalNative.GDALGetProjectionRef(_handle)) ?? "";
        set
        {
            if (string.IsNullOrEmpty(value)) return;
            GdalCall.Check(GdalNative.GDALSetProjection(_handle, value), $"Setting the CRS of '{Path}'");
        }
    }

    public GdalBand GetBand(int bandNumber)
    {
        var band = GdalNative.GDALGetRasterBand(_handle, bandNumber);
        if (band == 0) throw GdalCall.LastError($"Reading band {bandNumber} of '{Path}'");
        return new GdalBand(this, band, bandNumber);
    }

    /// <summary>Creates a vector layer of polygons (or of <paramref name="geometryType"/>) in this dataset.</summary>
    public OgrLayer CreateLayer(string name, GdalSpatialReference? reference, OgrGeometryType geometryType, IEnumerable<string> options)
    {
        using var list = new StringList(options);
        var added = false;
        try
        {
            reference?.Handle.DangerousAddRef(ref added);
            GdalCall.Reset();
            var layer = GdalNative.GDALDatasetCreateLayer(_handle, name, added ? reference!.Handle.DangerousGetHandle() : 0,
                (int)geometryType, list.Pointer);
            if (layer == 0) throw GdalCall.LastError($"Creating the layer '{name}' in '{Path}'");
            return new OgrLayer(this, layer);
        }
        finally
        {
            if (added) reference!.Handle.DangerousRelease();
        }
    }

    /// <summary>The dataset's first vector layer.</summary>
    public OgrLayer FirstLayer()
    {
        var layer = GdalNative.GDALDatasetGetLayer(_handle, 0);
        if (layer == 0) throw GdalCall.LastError($"Reading the first layer of '{Path}'");
        return new OgrLayer(this, layer);
    }

    /// <summary>Starts a transaction where the format has them (GeoPackage); false where it has none.</summary>
    public bool TryStartTransaction()
    {
        var started = GdalNative.GDALDatasetStartTransaction(_handle, 0) == 0;
        GdalNative.CPLErrorReset(); // "no transactions" is the format's answer, not an error
        return started;
    }

    public void CommitTransaction()
    {
        GdalCall.Reset();
        if (GdalNative.GDALDatasetCommitTransaction(_handle) != 0) throw GdalCall.LastError($"Writing '{Path}'");
    }

    /// <summary>Flushes and closes, throwing if GDAL reports that the flush failed (disk full, I/O error).</summary>
    public void Close()
    {
        if (_handle.IsClosed) return;
        GdalCall.Reset();
        GdalNative.GDALFlushCache(_handle);
        _handle.Dispose();
        GdalCall.ThrowIfFailureRecorded($"Writing '{Path}'");
    }

    public void Dispose() => _handle.Dispose();
}
