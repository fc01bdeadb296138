using System.Numerics;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Indices;

/// <summary>
/// Runs an <see cref="IndexFormula"/> over windows: inputs (raw Float32, as GDAL hands them to a
/// pixel function) are made physical, the program runs one operator at a time over chunks of a few
/// thousand pixels (small enough to stay in cache), each operator a <see cref="Vector{T}"/> loop in
/// double, and the result is Float32, NaN wherever an input is NoData or NaN, a mask says so, or the
/// result is not finite.
/// </summary>
internal sealed class IndexEvaluator
{
    private const int Chunk = 2048;

    private readonly IndexFormula _formula;
    private readonly IndexInput[] _inputs;
    private readonly IndexMask[] _masks;

    [ThreadStatic] private static Scratch? _scratch;

    public IndexEvaluator(IndexFormula formula, IndexInput[] inputs, IndexMask[] masks)
    {
        if (inputs.Length != formula.Inputs.Count)
            throw new ArgumentException($"The formula takes {formula.Inputs.Count} inputs, not {inputs.Length}.", nameof(inputs));
        _formula = formula;
        _inputs = inputs;
        _masks = masks;
    }

    /// <summary>
    /// Fills <paramref name="output"/> from <paramref name="sources"/>: the inputs in order, then one
    /// raster per mask, each as long as the output.
    /// </summary>
    public unsafe void Evaluate(float[][] sources, Span<float> output)
    {
        var handles = sources.Select(s => System.Runtime.InteropServices.GCHandle.Alloc(s, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
        try
        {
            var pointers = handles.Select(h => (nint)h.AddrOfPinnedObject()).ToArray();
            foreach (var s in sources)
                if (s.Length < output.Length) throw new ArgumentException("A source is shorter than the output.", nameof(sources));
            fixed (float* o = output) Evaluate(pointers, o, output.Length);
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }

    /// <summary>As <see cref="Evaluate(float[][], Span{float})"/>, over native buffers of <paramref name="length"/> Float32 values.</summary>
    public unsafe void Evaluate(ReadOnlySpan<nint> sources, float* output, int length)
    {
        if (sources.Length != _inputs.Length + _masks.Length)
            throw new ArgumentException($"Expected {_inputs.Length + _masks.Length} sources, not {sources.Length}.", nameof(sources));
        var scratch = _scratch ??= new Scratch();
        scratch.Ensure(_inputs.Length, _formula.StackDepth);
        for (var start = 0; start < length; start += Chunk)
        {
            var n = Math.Min(Chunk, length - start);
            var missing = scratch.Missing.AsSpan(0, n);
            missing.Clear();
            for (var i = 0; i < _inputs.Length; i++)
                Physical(new ReadOnlySpan<float>((float*)sources[i] + start, n), _inputs[i], scratch.Inputs[i].AsSpan(0, n), missing);
            for (var m = 0; m < _masks.Length; m++)
                Masked(new ReadOnlySpan<float>((float*)sources[_inputs.Length + m] + start, n), _masks[m].Values, missing);
            var result = Run(scratch, n);
            Finish(result[..n], missing, new Span<float>(output + start, n));
        }
    }

    /// <summary>raw × scale + offset into <paramref name="physical"/>; flags NoData and NaN pixels.</summary>
    private static void Physical(ReadOnlySpan<float> raw, IndexInput input, Span<double> physical, Span<float> missing)
    {
        var scale = input.Scale;
        var offset = input.Offset;
        var hasNoData = input.NoData is double nd && !double.IsNaN(nd);
        var noData = hasNoData ? (float)input.NoData!.Value : 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var vScale = new Vector<double>(scale);
            var vOffset = new Vector<double>(offset);
            var vNoData = new Vector<float>(noData);
            var doubles = MemoryMarshal.Cast<double, Vector<double>>(physical);
            var flags = MemoryMarshal.Cast<float, Vector<float>>(missing);
            for (; i + w <= raw.Length; i += w)
            {
                var v = new Vector<float>(raw.Slice(i, w));
                var bad = ~Vector.Equals(v, v);
                if (hasNoData) bad |= Vector.Equals(v, vNoData);
                var at = i / w;
                flags[at] = Vector.AsVectorSingle(Vector.AsVectorInt32(flags[at]) | bad);
                Vector.Widen(v, out var lo, out var hi);
                doubles[2 * at] = lo * vScale + vOffset;
                doubles[2 * at + 1] = hi * vScale + vOffset;
            }
        }
        for (; i < raw.Length; i++)
        {
            var v = raw[i];
            if (float.IsNaN(v) || (hasNoData && v == noData)) missing[i] = BitConverter.Int32BitsToSingle(-1);
            physical[i] = v * scale + offset;
        }
    }

    /// <summary>Flags pixels where the mask holds one of <paramref name="values"/> (or 0 for a mask band).</summary>
    private static void Masked(ReadOnlySpan<float> mask, float[] values, Span<float> missing)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var flags = MemoryMarshal.Cast<float, Vector<int>>(missing);
            for (; i + w <= mask.Length; i += w)
            {
                var v = new Vector<float>(mask.Slice(i, w));
                var bad = Vector<int>.Zero;
                if (values.Length == 0) bad = Vector.Equals(v, Vector<float>.Zero);
                else foreach (var x in values) bad |= Vector.Equals(v, new Vector<float>(x));
                flags[i / w] |= bad;
            }
        }
        for (; i < mask.Length; i++)
        {
            var v = mask[i];
            if (values.Length == 0 ? v == 0 : Array.IndexOf(values, v) >= 0) missing[i] = BitConverter.Int32BitsToSingle(-1);
        }
    }

    private Span<double> Run(Scratch scratch, int n)
    {
        // The stack holds windows: an input's own buffer (never written) or a scratch slot.
        var stack = scratch.Stack;
        var owned = scratch.Owned;
        var top = 0;
        var free = 0; // scratch slots in use are 0..free-1, handed out in stack order
        foreach (var step in _formula.Program)
        {
            switch (step.Op)
            {
                case IndexOp.Load:
                    stack[top] = scratch.Inputs[step.Input];
                    owned[top++] = false;
                    break;
                case IndexOp.Constant:
                    var slot = scratch.Slots[free++];
                    slot.AsSpan(0, n).Fill(step.Value);
                    stack[top] = slot;
                    owned[top++] = true;
                    break;
                case IndexOp.Negate or IndexOp.Abs or IndexOp.Sqrt:
                {
                    var a = stack[top - 1];
                    var into = owned[top - 1] ? a : scratch.Slots[free++];
                    Unary(step.Op, a.AsSpan(0, n), into.AsSpan(0, n));
                    stack[top - 1] = into;
                    owned[top - 1] = true;
                    break;
                }
                default:
                {
                    var a = stack[top - 2];
                    var b = stack[top - 1];
                    double[] into;
                    if (owned[top - 2]) { into = a; if (owned[top - 1]) free--; }
                    else if (owned[top - 1]) into = b;
                    else into = scratch.Slots[free++];
                    Binary(step.Op, a.AsSpan(0, n), b.AsSpan(0, n), into.AsSpan(0, n));
                    if (!owned[top - 2] && owned[top - 1]) { /* b's slot now holds the result, at a's place */ }
                    top--;
                    stack[top - 1] = into;
                    owned[top - 1] = true;
                    break;
                }
            }
        }
        return stack[0].AsSpan(0, n);
    }

    private static void Unary(IndexOp op, ReadOnlySpan<double> a, Span<double> into)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vr = MemoryMarshal.Cast<double, Vector<double>>(into);
            var count = va.Length;
            switch (op)
            {
                case IndexOp.Negate: for (var k = 0; k < count; k++) vr[k] = -va[k]; break;
                case IndexOp.Abs: for (var k = 0; k < count; k++) vr[k] = Vector.Abs(va[k]); break;
                default: for (var k = 0; k < count; k++) vr[k] = Vector.SquareRoot(va[k]); break;
            }
            i = count * Vector<double>.Count;
        }
        for (; i < a.Length; i++)
            into[i] = op switch { IndexOp.Negate => -a[i], IndexOp.Abs => Math.Abs(a[i]), _ => Math.Sqrt(a[i]) };
    }

    private static void Binary(IndexOp op, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> into)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var vr = MemoryMarshal.Cast<double, Vector<double>>(into);
            var count = va.Length;
            switch (op)
            {
                case IndexOp.Add: for (var k = 0; k < count; k++) vr[k] = va[k] + vb[k]; break;
                case IndexOp.Subtract: for (var k = 0; k < count; k++) vr[k] = va[k] - vb[k]; break;
                case IndexOp.Multiply: for (var k = 0; k < count; k++) vr[k] = va[k] * vb[k]; break;
                case IndexOp.Divide: for (var k = 0; k < count; k++) vr[k] = va[k] / vb[k]; break;
                case IndexOp.Min: for (var k = 0; k < count; k++) vr[k] = MinPropagatingNaN(va[k], vb[k]); break;
                default: for (var k = 0; k < count; k++) vr[k] = MaxPropagatingNaN(va[k], vb[k]); break;
            }
            i = count * Vector<double>.Count;
        }
        for (; i < a.Length; i++)
            into[i] = op switch
            {
                IndexOp.Add => a[i] + b[i],
                IndexOp.Subtract => a[i] - b[i],
                IndexOp.Multiply => a[i] * b[i],
                IndexOp.Divide => a[i] / b[i],
                IndexOp.Min => Math.Min(a[i], b[i]),
                _ => Math.Max(a[i], b[i]),
            };
    }

    // Math.Min/Max give NaN when either side is NaN; the hardware's min and max do not.
    private static Vector<double> MinPropagatingNaN(Vector<double> a, Vector<double> b)
    {
        var nan = ~(Vector.Equals(a, a) & Vector.Equals(b, b));
        return Vector.ConditionalSelect(nan, a + b, Vector.Min(a, b));
    }

    private static Vector<double> MaxPropagatingNaN(Vector<double> a, Vector<double> b)
    {
        var nan = ~(Vector.Equals(a, a) & Vector.Equals(b, b));
        return Vector.ConditionalSelect(nan, a + b, Vector.Max(a, b));
    }

    /// <summary>The result in Float32: NaN where flagged missing or not finite.</summary>
    private static void Finish(ReadOnlySpan<double> result, ReadOnlySpan<float> missing, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var doubles = MemoryMarshal.Cast<double, Vector<double>>(result);
            var flags = MemoryMarshal.Cast<float, Vector<int>>(missing);
            var nan = new Vector<float>(float.NaN);
            for (; i + w <= output.Length; i += w)
            {
                var at = i / w;
                var v = Vector.Narrow(doubles[2 * at], doubles[2 * at + 1]);
                var finite = Vector.Equals(v - v, Vector<float>.Zero) & ~flags[at];
                Vector.ConditionalSelect(finite, v, nan).CopyTo(output.Slice(i, w));
            }
        }
        for (; i < output.Length; i++)
        {
            var v = (float)result[i];
            output[i] = BitConverter.SingleToInt32Bits(missing[i]) != 0 || !float.IsFinite(v) ? float.NaN : v;
        }
    }

    private sealed class Scratch
    {
        public double[][] Inputs = [];
        public double[][] Slots = [];
        public double[][] Stack = [];
        public bool[] Owned = [];
        public float[] Missing = new float[Chunk];

        public void Ensure(int inputs, int depth)
        {
            if (Inputs.Length < inputs) Inputs = Enumerable.Range(0, inputs).Select(_ => new double[Chunk]).ToArray();
            var slots = depth + 1;
            if (Slots.Length < slots) Slots = Enumerable.Range(0, slots).Select(_ => new double[Chunk]).ToArray();
            if (Stack.Length < slots) { Stack = new double[slots][]; Owned = new bool[slots]; }
        }
    }
}
