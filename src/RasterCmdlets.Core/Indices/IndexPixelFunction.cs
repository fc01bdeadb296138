using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Indices;

/// <summary>
/// The pixel function of the module's index bands: GDAL calls it for each window of a VRT derived
/// band named <see cref="Name"/>, with the formula, each input's scale, offset and NoData and the
/// masks' values as the band's PixelFunctionArguments. Registered with GDAL as the assembly loads,
/// so that any reader of such a VRT (in this process, a job or a remote session with the module)
/// computes it. Thread-safe: evaluators are cached by their arguments and hold no state of a call.
/// </summary>
internal static unsafe class IndexPixelFunction
{
    public const string Name = "RasterCmdletsIndex";

    private const int Float32 = 6;
    private static readonly ConcurrentDictionary<string, IndexEvaluator> Evaluators = new();

#pragma warning disable CA2255 // registration must precede any read of an index band, wherever it was made
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        GdalPixelFunctions.Add(Name, &Compute);
        DerivedBandReader.Register(Name, arguments => EvaluatorFor(arguments).Evaluate);
    }

    /// <summary>The PixelFunctionArguments of an index band (attribute name and value).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Arguments(IndexFormula formula, IReadOnlyList<IndexInput> inputs, IReadOnlyList<IndexMask> masks)
    {
        yield return new("formula", formula.Text);
        yield return new("inputs", string.Join(",", formula.Inputs));
        for (var i = 0; i < inputs.Count; i++)
        {
            yield return new($"scale{i}", F(inputs[i].Scale));
            yield return new($"offset{i}", F(inputs[i].Offset));
            if (inputs[i].NoData is double nd) yield return new($"nodata{i}", F(nd));
        }
        yield return new("masks", masks.Count.ToString(CultureInfo.InvariantCulture));
        for (var m = 0; m < masks.Count; m++)
            yield return new($"mask{m}", string.Join(",", masks[m].Values.Select(v => F(v))));
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The evaluator the arguments describe (parsed once per distinct text).</summary>
    internal static IndexEvaluator EvaluatorFor(IReadOnlyDictionary<string, string> args)
    {
        var key = string.Join("\n", args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value));
        return Evaluators.GetOrAdd(key, _ =>
        {
            string Get(string name) => args.TryGetValue(name, out var v) ? v : throw new FormatException($"the argument {name} is missing");
            static double D(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            var names = Get("inputs").Split(',');
            var formula = IndexFormula.Parse(Get("formula"), names);
            var inputs = names.Select((_, i) => new IndexInput(D(Get($"scale{i}")), D(Get($"offset{i}")),
                args.TryGetValue($"nodata{i}", out var nd) ? D(nd) : null)).ToArray();
            var masks = Enumerable.Range(0, int.Parse(Get("masks"), CultureInfo.InvariantCulture))
                .Select(m => new IndexMask(Get($"mask{m}").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => (float)D(v)).ToArray()))
                .ToArray();
            return new IndexEvaluator(formula, inputs, masks);
        });
    }

    [UnmanagedCallersOnly]
    private static int Compute(nint sources, int sourceCount, nint buffer, int width, int height, int sourceType,
        int bufferType, int pixelSpace, int lineSpace, nint arguments)
    {
        try
        {
            if (sourceType != Float32)
                throw new InvalidOperationException($"the sources are of GDAL type {sourceType}, not Float32 (SourceTransferType)");
            var evaluator = EvaluatorFor(GdalPixelFunctions.ReadArguments(arguments));
            var pointers = new nint[sourceCount];
            for (var s = 0; s < sourceCount; s++) pointers[s] = Marshal.ReadIntPtr(sources, s * IntPtr.Size);
            var count = width * height;
            if (bufferType == Float32 && pixelSpace == sizeof(float) && lineSpace == width * sizeof(float))
            {
                evaluator.Evaluate(pointers, (float*)buffer, count);
                return 0;
            }
            var row = new float[width];
            fixed (float* r = row)
            {
                var at = new nint[sourceCount];
                for (var y = 0; y < height; y++)
                {
                    for (var s = 0; s < sourceCount; s++) at[s] = pointers[s] + (nint)y * width * sizeof(float);
                    evaluator.Evaluate(at, r, width);
                    GdalPixelFunctions.CopyFloats(r, (byte*)buffer + (long)y * lineSpace, bufferType, pixelSpace, width);
                }
            }
            return 0; // CE_None
        }
        catch (Exception e)
        {
            var message = e is RasterException r ? r.Message : $"Computing an index window failed: {e.Message}";
            try { GdalPixelFunctions.ReportFailure(message); } catch { /* nothing may cross into GDAL */ }
            return 3; // CE_Failure
        }
    }
}
