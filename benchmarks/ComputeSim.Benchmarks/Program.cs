using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace ComputeSim.Benchmarks;

/// <summary>Runs the benchmarks; pass BenchmarkDotNet flags, e.g. <c>--filter '*L0*' --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args,
            DefaultConfig.Instance.AddColumn(StatisticColumn.OperationsPerSecond).WithOptions(ConfigOptions.JoinSummary));
}
