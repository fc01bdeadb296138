using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Reads a band computed by a pixel function of this module (a spectral index: a VRT derived band)
/// the way GDAL's VRT would, but each source apart instead of the band under one lock: while one
/// window's coarser inputs are resampled, the next window's finest band is decoded, on another
/// core. The function's values are the same, computed on the same Float32 inputs: GDAL reads each
/// source of such a VRT over the window, in SourceTransferType, and calls the function. Any other
/// VRT (or a function not registered here) is left to GDAL.
/// </summary>
internal sealed class DerivedBandReader : IDisposable
{
    /// <summary>Evaluates a pixel function over <paramref name="count"/> pixels of Float32 sources.</summary>
    public unsafe delegate void Evaluate(ReadOnlySpan<nint> sources, float* output, int count);

    private static readonly ConcurrentDictionary<string, Func<IReadOnlyDictionary<string, string>, Evaluate>> Functions = new();

    private readonly Source[] _sources;
    private readonly Evaluate _evaluate;
    private readonly ConcurrentBag<float[][]> _spareInputs = new();

    private DerivedBandReader(Source[] sources, Evaluate evaluate)
    {
        _sources = sources;
        _evaluate = evaluate;
    }

    /// <summary>Makes the pixel function <paramref name="name"/> computable here, given a derived band's PixelFunctionArguments.</summary>
    public static void Register(string name, Func<IReadOnlyDictionary<string, string>, Evaluate> resolve) => Functions[name] = resolve;

    /// <summary>A reader for the derived band the VRT text <paramref name="vrt"/> describes, or null when GDAL must read it.</summary>
    public static DerivedBandReader? For(string vrt)
    {
        if (Parse(vrt) is not { } derived) return null;
        Evaluate evaluate;
        try
        {
            evaluate = derived.Resolve(derived.Arguments);
        }
        catch (Exception e) when (e is FormatException or RasterException or ArgumentException or OverflowException)
        {
            return null; // arguments the function refuses: GDAL's VRT calls it, and reports its failure as a read's
        }
        return new DerivedBandReader(derived.Sources.Select(s => new Source(s, derived.Width, derived.Height)).ToArray(), evaluate);
    }

    /// <summary>
    /// The block cache a pass over the derived band at <paramref name="vrt"/> needs: two rows of
    /// blocks of each coarser source's file (and of a warped VRT's own blocks), which serve the
    /// windows of two rows of the band's, and one row of each source on the band's grid, whose
    /// blocks stream past between two uses of a coarse one and must not push it out (it would be
    /// decoded again). Null when GDAL must read the band.
    /// </summary>
    public static long? CacheNeeded(string vrt, RasterGrid grid)
    {
        if (Parse(vrt) is not { } derived) return null;
        static long Row(RasterBand b) => (long)Math.Ceiling(b.Width / (double)Math.Max(1, Math.Min(b.BlockWidth, b.Width))) * b.BlockBytes;
        long bytes = 0;
        foreach (var path in derived.Sources.Select(s => s.Path).Distinct())
        {
            var file = RasterBand.Open(RasterBand.FileOf(path), [1])[0];
            bytes += file.Width == grid.Width && file.Height == grid.Height ? Row(file) : 2 * Row(file);
            if (RasterBand.IsVrtText(path) && path.Contains("<GDALWarpOptions>", StringComparison.Ordinal))
                bytes += 2 * Row(RasterBand.Open(path, [1])[0]);
        }
        return bytes;
    }

    /// <summary>A source of a derived band: a file or a VRT's text, a band of it, or that band's GDAL mask.</summary>
    private sealed record SourceBand(string Path, int BandNumber, bool IsMask);

    private sealed record DerivedBand(int Width, int Height, SourceBand[] Sources, IReadOnlyDictionary<string, string> Arguments,
        Func<IReadOnlyDictionary<string, string>, Evaluate> Resolve);

    /// <summary>What the VRT text describes, when it is a derived band of a function registered here whose sources this reader reads; null otherwise.</summary>
    private static DerivedBand? Parse(string vrt)
    {
        XElement band;
        try
        {
            var bands = XDocument.Parse(vrt).Root?.Elements("VRTRasterBand").ToArray() ?? [];
            if (bands.Length != 1) return null;
            band = bands[0];
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
        if ((int?)band.Parent?.Attribute("rasterXSize") is not int width || (int?)band.Parent?.Attribute("rasterYSize") is not int height
            || (string?)band.Attribute("subClass") != "VRTDerivedRasterBand" || (string?)band.Element("SourceTransferType") != "Float32"
            || band.Element("PixelFunctionType")?.Value is not { } name || !Functions.TryGetValue(name, out var resolve))
            return null;
        var sources = new List<SourceBand>();
        foreach (var element in band.Elements().Where(e => e.Name.LocalName.EndsWith("Source", StringComparison.Ordinal)))
        {
            // Only sources that cover the band pixel for pixel, as the module writes them.
            if (element.Name != "SimpleSource" || element.Elements().Any(e => e.Name != "SourceFilename" && e.Name != "SourceBand")) return null;
            var spec = element.Element("SourceBand")?.Value ?? "1";
            var isMask = spec.StartsWith("mask,", StringComparison.Ordinal);
            if (!int.TryParse(isMask ? spec[5..] : spec, out var number)) return null;
            sources.Add(new SourceBand(element.Element("SourceFilename")?.Value ?? "", number, isMask));
        }
        if (sources.Count == 0) return null;
        var arguments = band.Element("PixelFunctionArguments")?.Attributes().ToDictionary(a => a.Name.LocalName, a => a.Value)
            ?? new Dictionary<string, string>();
        return new DerivedBand(width, height, sources.ToArray(), arguments, resolve);
    }

    /// <summary>Fills <paramref name="output"/> (Float32) with the band's values over <paramref name="window"/>. Thread-safe.</summary>
    /// <exception cref="GdalException">A source could not be read.</exception>
    public unsafe void Read(RasterWindow window, Span<byte> output)
    {
        var count = checked((int)window.PixelCount);
        // One set of input buffers per window read at once, kept for the next windows.
        if (!_spareInputs.TryTake(out var inputs) || inputs[0].Length < count)
            inputs = _sources.Select(_ => GC.AllocateUninitializedArray<float>(count, pinned: true)).ToArray();
        try
        {
            var pointers = new nint[_sources.Length];
            for (var s = 0; s < _sources.Length; s++)
            {
                _sources[s].Read(window, inputs[s].AsSpan(0, count));
                pointers[s] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(inputs[s]));
            }
            fixed (byte* o = output) _evaluate(pointers, (float*)o, count);
        }
        finally
        {
            _spareInputs.Add(inputs);
        }
    }

    public void Dispose()
    {
        foreach (var source in _sources) source.Dispose();
    }

    /// <summary>
    /// One source. A file on the band's own grid shares no block between windows (they are cut at
    /// its blocks): each window read at once gets a dataset of its own, so that two windows' tiles
    /// decode side by side. A coarser or resampled source's blocks serve several windows: it has
    /// one dataset, read under a lock, so that each is decoded once. Which it is, the first
    /// dataset opened tells.
    /// </summary>
    private sealed class Source(SourceBand source, int bandWidth, int bandHeight) : IDisposable
    {
        private readonly object _gate = new();
        private readonly ConcurrentBag<GdalDataset> _idle = new();
        private readonly ConcurrentBag<GdalDataset> _opened = new();
        private GdalDataset? _shared;
        private bool? _onTheBandsGrid;

        public void Read(RasterWindow window, Span<float> buffer)
        {
            if (!OnTheBandsGrid())
            {
                lock (_gate) ReadFrom(_shared!, window, buffer);
                return;
            }
            var dataset = _idle.TryTake(out var idle) ? idle : Open();
            try
            {
                ReadFrom(dataset, window, buffer);
            }
            finally
            {
                _idle.Add(dataset);
            }
        }

        private bool OnTheBandsGrid()
        {
            lock (_gate)
            {
                if (_onTheBandsGrid is bool known) return known;
                var first = Open();
                var onGrid = !RasterBand.IsVrtText(source.Path) && first.Width == bandWidth && first.Height == bandHeight;
                if (onGrid) _idle.Add(first);
                else _shared = first;
                _onTheBandsGrid = onGrid;
                return onGrid;
            }
        }

        private void ReadFrom(GdalDataset dataset, RasterWindow window, Span<float> buffer)
        {
            var band = dataset.GetBand(source.BandNumber);
            (source.IsMask ? band.MaskBand : band).Read(window, buffer, RasterDataType.Float32);
        }

        private GdalDataset Open()
        {
            var dataset = GdalDataset.OpenForStreaming(source.Path);
            _opened.Add(dataset);
            return dataset;
        }

        public void Dispose()
        {
            lock (_gate)
                foreach (var dataset in _opened) dataset.Dispose();
        }
    }
}
