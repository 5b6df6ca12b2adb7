using System.Reflection;
using ILGPU;

namespace ComputeSim.Tests.Kernels;

/// <summary>
/// Every kernel the project has, found two ways that must agree: by shape (a static void method of a project
/// assembly that takes device memory by value) and by use (a method of such an assembly that the project turns
/// into a delegate, as a kernel launch does). A kernel added anywhere is therefore compiled by the tests.
/// </summary>
public static class KernelCatalog
{
    /// <summary>The project's assemblies that use ILGPU (the tests' own fixtures are not among them).</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } = Directory
        .EnumerateFiles(AppContext.BaseDirectory, "ComputeSim.*.dll")
        .Select(f => Assembly.Load(AssemblyName.GetAssemblyName(f)))
        .Where(a => a != typeof(KernelCatalog).Assembly && a.GetReferencedAssemblies().Any(r => r.Name == "ILGPU"))
        .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Static methods of <see cref="Assemblies"/> with the shape of a kernel entry point.</summary>
    public static IReadOnlyList<MethodInfo> Shaped { get; } = Assemblies
        .SelectMany(a => a.GetTypes())
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(IsKernelShaped)
        .ToList();

    /// <summary>Static methods of <see cref="Assemblies"/> that code in them turns into delegates and that take device memory.</summary>
    public static IReadOnlyList<MethodInfo> Launched { get; } = Assemblies
        .SelectMany(DelegateTargets.Of)
        .OfType<MethodInfo>()
        .Where(m => m.IsStatic && Assemblies.Contains(m.Module.Assembly) && m.GetParameters().Any(p => HoldsDeviceMemory(p.ParameterType)))
        .Distinct()
        .ToList();

    /// <summary>Both lists together, by name.</summary>
    public static IReadOnlyList<MethodInfo> All { get; } = Shaped.Union(Launched).OrderBy(NameOf, StringComparer.Ordinal).ToList();

    /// <summary>The names of <see cref="All"/>, as theory data.</summary>
    public static TheoryData<string> Names => [.. All.Select(NameOf)];

    /// <summary><c>Type.Method</c>.</summary>
    public static string NameOf(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    /// <summary>The kernel of that name.</summary>
    public static MethodInfo Named(string name) => All.Single(m => NameOf(m) == name);

    /// <summary>
    /// Static, returns nothing, not generic, every parameter a value passed by value (ILGPU's rule for entry
    /// points) and at least one holding device memory (an <see cref="ArrayView{T}"/>, directly or in a struct).
    /// </summary>
    public static bool IsKernelShaped(MethodInfo m)
    {
        ParameterInfo[] parameters = m.GetParameters();
        return m.IsStatic && m.ReturnType == typeof(void) && !m.IsGenericMethodDefinition
            && parameters.All(p => p.ParameterType.IsValueType && !p.ParameterType.IsByRef)
            && parameters.Any(p => HoldsDeviceMemory(p.ParameterType));
    }

    /// <summary>True if the first parameter is an index: ILGPU then groups the kernel itself.</summary>
    public static bool IsImplicitlyGrouped(MethodInfo m) =>
        m.GetParameters() is [var first, ..] && first.ParameterType.Namespace == "ILGPU" && first.ParameterType.Name.Contains("Index", StringComparison.Ordinal);

    private static bool HoldsDeviceMemory(Type t) => HoldsDeviceMemory(t, depth: 0);

    private static bool HoldsDeviceMemory(Type t, int depth)
    {
        if (t.IsByRef)
            t = t.GetElementType()!;
        if (t.Namespace == "ILGPU" && t.Name.StartsWith("ArrayView", StringComparison.Ordinal))
            return true;
        return depth < 4 && t.IsValueType && !t.IsPrimitive && !t.IsEnum
            && t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(f => HoldsDeviceMemory(f.FieldType, depth + 1));
    }
}
