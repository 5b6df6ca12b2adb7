using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ComputeSim.Engine;

/// <summary>Lets ILGPU find <c>libcuda.so.1</c> and <c>libOpenCL.so.1</c>.</summary>
/// <remarks>
/// ILGPU P/Invokes "cuda" and "OpenCL"; .NET probes only <c>libcuda.so</c>/<c>libOpenCL.so</c>,
/// which machines with only the driver (no development package) lack.
/// </remarks>
public static class NativeLibraries
{
    private static int _registered;

    /// <summary>Registers the resolver once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        string? soname = name switch
        {
            "cuda" or "libcuda" or "nvcuda" => "libcuda.so.1",
            "OpenCL" or "libOpenCL" => "libOpenCL.so.1",
            _ => null,
        };
        return soname is not null && NativeLibrary.TryLoad(soname, out IntPtr handle) ? handle : IntPtr.Zero;
    }
}
