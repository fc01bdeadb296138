using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>
/// Owns a GDALDatasetH. Band handles are borrowed from it and must not outlive it, so the types
/// that use bands keep the DatasetHandle alive (SafeHandle's ref-counting does the rest).
/// </summary>
internal sealed class DatasetHandle : SafeHandle
{
    public DatasetHandle() : base(0, ownsHandle: true) { }

    public DatasetHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        // For a dataset being written GDALClose flushes and may fail: GdalDataset.Close reads the
        // error state right after disposal, on the same thread.
        GdalNative.GDALClose(handle);
        return true;
    }
}
