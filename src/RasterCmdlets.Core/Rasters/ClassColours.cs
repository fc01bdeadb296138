using System.Numerics;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Rasters;

/// <summary>A fixed, distinguishable palette for class maps, so that viewers show classes at once.</summary>
public static class ClassColours
{
    private static readonly (byte, byte, byte)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    /// <summary>256 entries: the palette repeated for the K classes, transparent black after them.</summary>
    public static IReadOnlyList<(byte R, byte G, byte B, byte A)> For(int k)
    {
        var colours = new List<(byte, byte, byte, byte)>();
        for (var i = 0; i < 256; i++)
        {
            var (r, g, b) = Palette[i % Palette.Length];
            colours.Add(i < k ? (r, g, b, (byte)255) : ((byte)0, (byte)0, (byte)0, (byte)0));
        }
        return colours;
    }
}
