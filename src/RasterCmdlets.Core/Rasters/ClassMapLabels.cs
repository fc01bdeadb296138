using System.Numerics;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Rasters;

/// <summary>The map's labels as the writer takes them, with its colour table and category names.</summary>
internal sealed class ClassMapLabels(ClassMap map, IReadOnlyList<string> names) : IWindowProducer
{
    public IRasterSource Input => map.Source;
    public RasterDataType DataType => map.LabelDataType;
    public string Activity => "Writing classes";
    public KeptPixels? TakeKeptPixels() => map.TakeKeptPixels();

    public IReadOnlyList<OutputBandStyle> Bands =>
    [
        new(map.NoDataPixelCount > 0 ? map.NoDataLabel : null, DataType == RasterDataType.Byte ? map.Colours : null, names),
    ];

    public void Fill(WindowPixels pixels, byte[][] output)
    {
        if (DataType == RasterDataType.Byte) map.Label<byte>(pixels, output[0].AsSpan(0, pixels.Count));
        else map.Label<ushort>(pixels, MemoryMarshal.Cast<byte, ushort>(output[0].AsSpan(0, pixels.Count * 2)));
    }
}
