namespace ComputeSim.Engine;

/// <summary>Where a sweep or a Monte Carlo draw runs. One enum for both, chosen by one policy (<see cref="DevicePolicy"/>).</summary>
public enum BackendKind
{
    /// <summary>The first GPU <see cref="DevicePolicy.AutoOrder"/> finds that starts, else <see cref="Cpu"/>; never fails.</summary>
    Auto,
    /// <summary>Plain C# on every core: the fast host path.</summary>
    Cpu,
    /// <summary>The simple one-point-at-a-time formulas every other backend is checked against.</summary>
    Reference,
    /// <summary>ILGPU's CPU accelerator running the kernels' IL (how CI tests kernel code without a GPU).</summary>
    IlgpuCpu,
    /// <summary>An NVIDIA GPU through PTX.</summary>
    Cuda,
    /// <summary>An OpenCL device.</summary>
    OpenCL,
}

/// <summary>The names of <see cref="BackendKind"/> as users type them (<c>ilgpu-cpu</c>, <c>opencl</c>).</summary>
public static class Backends
{
    private static readonly (BackendKind Kind, string Name)[] Table =
    [
        (BackendKind.Auto, "auto"), (BackendKind.Cpu, "cpu"), (BackendKind.Reference, "reference"),
        (BackendKind.IlgpuCpu, "ilgpu-cpu"), (BackendKind.Cuda, "cuda"), (BackendKind.OpenCL, "opencl"),
    ];

    /// <summary>Every name, in the order help text lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The name of a backend.</summary>
    public static string Name(this BackendKind kind) => Table.First(t => t.Kind == kind).Name;

    /// <summary>The backend of an ILGPU kind.</summary>
    public static BackendKind Of(IlgpuKind kind) => kind switch
    {
        IlgpuKind.Cpu => BackendKind.IlgpuCpu,
        IlgpuKind.Cuda => BackendKind.Cuda,
        _ => BackendKind.OpenCL,
    };

    /// <summary>The ILGPU kind a backend runs on, or null for the host paths and <c>auto</c>.</summary>
    public static IlgpuKind? Ilgpu(this BackendKind kind) => kind switch
    {
        BackendKind.IlgpuCpu => IlgpuKind.Cpu,
        BackendKind.Cuda => IlgpuKind.Cuda,
        BackendKind.OpenCL => IlgpuKind.OpenCL,
        _ => null,
    };

    /// <summary>Parses a name (case and surrounding blanks ignored); <see cref="Model.InputException"/> on <paramref name="subject"/> if unknown.</summary>
    public static BackendKind Parse(string text, string subject)
    {
        string name = text.Trim().ToLowerInvariant();
        foreach (var (kind, n) in Table)
            if (n == name)
                return kind;
        throw new Model.InputException(subject, $"unknown backend '{text}'; expected one of {string.Join(", ", Names)}");
    }
}
