using System.Reflection;
using System.Reflection.Emit;

namespace ComputeSim.Tests.Kernels;

/// <summary>
/// The methods an assembly turns into delegates (<c>ldftn</c> in its IL): a kernel launch
/// (<c>accelerator.LoadStreamKernel(SweepKernels.Evaluate)</c>) compiles to one.
/// </summary>
public static class DelegateTargets
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static DelegateTargets()
    {
        foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)f.GetValue(null)!;
            if (op.Size == 1)
                OneByte[(byte)op.Value] = op;
            else
                TwoByte[(byte)op.Value] = op;
        }
    }

    /// <summary>Every method whose address some method of <paramref name="assembly"/> takes.</summary>
    public static IEnumerable<MethodBase> Of(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)))
            .SelectMany(Targets)
            .Distinct();

    private static IEnumerable<MethodBase> Targets(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int pc = 0; pc < il.Length;)
        {
            OpCode op = il[pc] == 0xFE ? TwoByte[il[pc + 1]] : OneByte[il[pc]];
            pc += op.Size;
            if (op == OpCodes.Ldftn || op == OpCodes.Ldvirtftn)
                yield return method.Module.ResolveMethod(BitConverter.ToInt32(il, pc), typeArgs, methodArgs)!;
            pc += OperandSize(op, il, pc);
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int pc) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pc),
        _ => 4,
    };
}
