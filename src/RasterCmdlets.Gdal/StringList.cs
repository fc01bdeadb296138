using System.Runtime.InteropServices;

namespace RasterCmdlets.Gdal;

/// <summary>A GDAL string list (char**), built from "NAME=VALUE" strings and freed with CSLDestroy.</summary>
internal sealed class StringList : IDisposable
{
    public StringList(IEnumerable<string> items, bool asNameValue = true)
    {
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            Pointer = asNameValue && eq > 0
                ? GdalNative.CSLSetNameValue(Pointer, item[..eq], item[(eq + 1)..])
                : GdalNative.CSLAddString(Pointer, item);
        }
    }

    public nint Pointer { get; private set; }

    public void Dispose()
    {
        if (Pointer != 0) GdalNative.CSLDestroy(Pointer);
        Pointer = 0;
    }
}
