using System.Linq.Expressions;
using System.Reflection;
using DynamicExpresso;
using DynamicExpresso.Exceptions;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Indices;

/// <summary>
/// An arithmetic formula over named inputs (band names, roles): parsed by DynamicExpresso (the
/// grammar is C#'s), then turned into a stack program that <see cref="IndexEvaluator"/> runs over
/// whole windows, one SIMD loop per operator. Only numbers, the inputs, + - * /, parentheses, abs,
/// sqrt, min and max are accepted; everything is computed in double.
/// </summary>
public sealed class IndexFormula
{
    private static readonly Dictionary<MethodInfo, IndexOp> Functions = new()
    {
        [((Func<double, double>)Math.Abs).Method] = IndexOp.Abs,
        [((Func<double, double>)Math.Sqrt).Method] = IndexOp.Sqrt,
        [((Func<double, double, double>)Math.Min).Method] = IndexOp.Min,
        [((Func<double, double, double>)Math.Max).Method] = IndexOp.Max,
    };

    private IndexFormula(string text, IReadOnlyList<string> inputs, IndexInstruction[] program, int depth)
    {
        Text = text;
        Inputs = inputs;
        Program = program;
        StackDepth = depth;
    }

    /// <summary>The formula as written.</summary>
    public string Text { get; }
    /// <summary>The names of the inputs, in the order the evaluator takes them.</summary>
    public IReadOnlyList<string> Inputs { get; }
    internal IndexInstruction[] Program { get; }
    /// <summary>The inputs the formula reads, in the order they first appear.</summary>
    public IReadOnlyList<int> UsedInputs => Program.Where(i => i.Op == IndexOp.Load).Select(i => i.Input).Distinct().ToArray();
    internal int StackDepth { get; }

    /// <summary>
    /// Parses <paramref name="text"/> over inputs named <paramref name="inputs"/> (case-insensitive).
    /// </summary>
    /// <exception cref="RasterException">InvalidExpression (the message names the problem), UnknownBandName (names it).</exception>
    public static IndexFormula Parse(string text, IReadOnlyList<string> inputs)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new RasterException("InvalidExpression", RasterErrorKind.InvalidArgument, "The expression is empty.");
        var interpreter = new Interpreter(InterpreterOptions.CaseInsensitive);
        interpreter.SetFunction("abs", (Func<double, double>)Math.Abs);
        interpreter.SetFunction("sqrt", (Func<double, double>)Math.Sqrt);
        interpreter.SetFunction("min", (Func<double, double, double>)Math.Min);
        interpreter.SetFunction("max", (Func<double, double, double>)Math.Max);
        var parameters = inputs.Select(n => new Parameter(n, typeof(double))).ToArray();
        Lambda lambda;
        try
        {
            lambda = interpreter.Parse(text, typeof(double), parameters);
        }
        catch (UnknownIdentifierException e)
        {
            throw new RasterException("UnknownBandName", RasterErrorKind.InvalidArgument,
                $"The expression '{text}' names '{e.Identifier}', which is not a band of the input. " +
                $"Known names: {(inputs.Count == 0 ? "none" : string.Join(", ", inputs))}.");
        }
        catch (Exception e) when (e is ParseException or InvalidOperationException or ArgumentException)
        {
            throw new RasterException("InvalidExpression", RasterErrorKind.InvalidArgument, $"The expression '{text}' is not valid: {e.Message}");
        }
        var program = new List<IndexInstruction>();
        Compile(lambda.Expression, text, inputs, program);
        return new IndexFormula(text, inputs, program.ToArray(), Depth(program));
    }

    private static void Compile(Expression node, string text, IReadOnlyList<string> inputs, List<IndexInstruction> program)
    {
        switch (node)
        {
            case ParameterExpression p:
                var index = Enumerable.Range(0, inputs.Count).First(i => string.Equals(inputs[i], p.Name, StringComparison.OrdinalIgnoreCase));
                program.Add(new IndexInstruction(IndexOp.Load, index));
                return;
            case ConstantExpression c when c.Value is IConvertible v && IsNumber(c.Type):
                program.Add(new IndexInstruction(IndexOp.Constant, Value: v.ToDouble(System.Globalization.CultureInfo.InvariantCulture)));
                return;
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.UnaryPlus } u when IsNumber(u.Type) && IsNumber(u.Operand.Type):
                Compile(u.Operand, text, inputs, program);
                return;
            case UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.NegateChecked } u:
                Compile(u.Operand, text, inputs, program);
                program.Add(new IndexInstruction(IndexOp.Negate));
                return;
            case BinaryExpression b when BinaryOp(b.NodeType) is { } op:
                Compile(b.Left, text, inputs, program);
                Compile(b.Right, text, inputs, program);
                program.Add(new IndexInstruction(op));
                return;
            case InvocationExpression { Expression: ConstantExpression { Value: Delegate d } } call when Functions.TryGetValue(d.Method, out var f):
                foreach (var a in call.Arguments) Compile(a, text, inputs, program);
                program.Add(new IndexInstruction(f));
                return;
            case MethodCallExpression call when Functions.TryGetValue(call.Method, out var f):
                foreach (var a in call.Arguments) Compile(a, text, inputs, program);
                program.Add(new IndexInstruction(f));
                return;
            default:
                throw new RasterException("InvalidExpression", RasterErrorKind.InvalidArgument,
                    $"The expression '{text}' is not valid: {Describe(node)} is not allowed; use band names, numbers, + - * /, parentheses, abs, sqrt, min and max.");
        }
    }

    private static string Describe(Expression node) => node.NodeType switch
    {
        ExpressionType.Modulo => "the operator %",
        ExpressionType.Power => "the operator ^",
        ExpressionType.Conditional => "a conditional (?:)",
        ExpressionType.Constant => $"the constant {node}",
        ExpressionType.Call or ExpressionType.Invoke => $"the call {node}",
        _ => $"'{node}' ({node.NodeType})",
    };

    private static IndexOp? BinaryOp(ExpressionType type) => type switch
    {
        ExpressionType.Add or ExpressionType.AddChecked => IndexOp.Add,
        ExpressionType.Subtract or ExpressionType.SubtractChecked => IndexOp.Subtract,
        ExpressionType.Multiply or ExpressionType.MultiplyChecked => IndexOp.Multiply,
        ExpressionType.Divide => IndexOp.Divide,
        _ => null,
    };

    private static bool IsNumber(Type t) => Type.GetTypeCode(t) is >= TypeCode.SByte and <= TypeCode.Decimal;

    private static int Depth(List<IndexInstruction> program)
    {
        int depth = 0, max = 0;
        foreach (var i in program)
        {
            depth += i.Op switch
            {
                IndexOp.Load or IndexOp.Constant => 1,
                IndexOp.Add or IndexOp.Subtract or IndexOp.Multiply or IndexOp.Divide or IndexOp.Min or IndexOp.Max => -1,
                _ => 0,
            };
            max = Math.Max(max, depth);
        }
        return max;
    }

    /// <summary>The formula at one pixel, in double, step by step (the reference the SIMD evaluator is tested against).</summary>
    public double EvaluateOne(ReadOnlySpan<double> inputs)
    {
        var stack = new Stack<double>();
        foreach (var i in Program)
        {
            switch (i.Op)
            {
                case IndexOp.Load: stack.Push(inputs[i.Input]); break;
                case IndexOp.Constant: stack.Push(i.Value); break;
                case IndexOp.Negate: stack.Push(-stack.Pop()); break;
                case IndexOp.Abs: stack.Push(Math.Abs(stack.Pop())); break;
                case IndexOp.Sqrt: stack.Push(Math.Sqrt(stack.Pop())); break;
                default:
                    var b = stack.Pop();
                    var a = stack.Pop();
                    stack.Push(i.Op switch
                    {
                        IndexOp.Add => a + b,
                        IndexOp.Subtract => a - b,
                        IndexOp.Multiply => a * b,
                        IndexOp.Divide => a / b,
                        IndexOp.Min => Math.Min(a, b),
                        _ => Math.Max(a, b),
                    });
                    break;
            }
        }
        return stack.Pop();
    }

    public override string ToString() => Text;
}
