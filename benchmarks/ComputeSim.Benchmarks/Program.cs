using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace ComputeSim.Benchmarks;

/// <summary>Runs the benchmarks; pass BenchmarkDotNet flags, e.g. <c>--filter '*L0*' --job short</c>.</summary>
public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher, or with a first argument <c>cli</c> the computesim CLI itself: the GPU
    /// run kit carries this one self-contained file for both (two would not fit its size limit).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args is ["cli", .. var rest])
            return ComputeSim.Cli.Program.Main(rest);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args,
            DefaultConfig.Instance.AddColumn(StatisticColumn.OperationsPerSecond).WithOptions(ConfigOptions.JoinSummary));
        return 0;
    }
}
