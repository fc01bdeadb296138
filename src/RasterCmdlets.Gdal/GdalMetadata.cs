using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>Metadata items of a dataset, read with GDAL's checked calls.</summary>
public static class GdalMetadata
{
    /// <summary>The item <paramref name="name"/> of <paramref name="domain"/> (null: the default domain), or null when absent.</summary>
    public static string? Item(GdalDataset dataset, string name, string? domain = null)
    {
        var value = GdalNative.GDALGetMetadataItem(dataset.Handle, name, domain);
        return value == 0 ? null : Marshal.PtrToStringUTF8(value);
    }
}
