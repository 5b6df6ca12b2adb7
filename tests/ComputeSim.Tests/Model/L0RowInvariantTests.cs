using ComputeSim.Model;
using CsCheck;

namespace ComputeSim.Tests.Model;

/// <summary>
/// The invariants <see cref="L0RowInvariants"/> declares, as properties over random rows and GPU counts
/// (log-uniform across many decades, so the window's edges are reached); the row shortcut is exact only if they hold.
/// </summary>
public sealed class L0RowInvariantTests
{
    private const long Iterations = 5000;

    private static Gen<double> LogUniform(double lowExponent, double highExponent) =>
        Gen.Double[lowExponent, highExponent].Select(e => Math.Pow(10.0, e));

    // Rows well inside the window, and a few that push one quantity to the window's edge.
    private static readonly Gen<L0Row> Rows =
        Gen.Select(LogUniform(9, 18), Gen.Double[1e-3, 1.0], LogUniform(6, 40), LogUniform(0, 9), Gen.OneOf(Gen.Const(0.0), LogUniform(-9, 9)),
                Gen.OneOf(Gen.Const(0.0), LogUniform(-9, 9)), Gen.Double[1.0, 2.0])
            .Select((peak, utilization, flops, minGpus, price, watts, scope) => new L0Row
            {
                Peak = peak, Achieved = peak * utilization, Flops = flops, MinGpus = minGpus,
                PricePerGpuHourUsd = price, BoardPowerWatts = watts, WattsPerBoardWatt = scope,
            });

    private static readonly Gen<double> Gpus = LogUniform(0, 12).Select(g => Math.Min(L0RowInvariants.MaxGpus, Math.Max(L0RowInvariants.MinGpus, Math.Round(g))));

    [Fact]
    public void Cost_and_energy_of_a_moderate_row_are_independent_of_the_gpu_count_within_the_band() =>
        Gen.Select(Rows, Gpus).Sample((row, gpus) =>
        {
            Assert.True(L0RowInvariants.IsModerate(row));
            PointResult p = row.At(gpus);
            double cost = L0RowInvariants.NominalCostUsd(row), energy = L0RowInvariants.NominalEnergyMwh(row);
            Assert.InRange(p.CostUsd, cost * (1 - L0RowInvariants.Band), cost * (1 + L0RowInvariants.Band));
            Assert.InRange(p.EnergyMwh, energy * (1 - L0RowInvariants.Band), energy * (1 + L0RowInvariants.Band));
            Assert.Equal(0, p.Status & PointStatus.Overflow);
        }, iter: Iterations);

    [Fact]
    public void Days_never_rise_with_the_gpu_count_so_deadlines_admit_a_suffix() =>
        Gen.Select(Rows, Gpus, Gpus).Sample((row, a, b) =>
        {
            double fewer = Math.Min(a, b), more = Math.Max(a, b);
            Assert.True(row.Days(more) <= row.Days(fewer), $"{row.Days(more)} days on {more} GPUs, {row.Days(fewer)} on {fewer}");
        }, iter: Iterations);

    [Theory]
    [InlineData(1e300, 1e-120, "seconds per GPU past the window")]
    [InlineData(1e-200, 1e10, "seconds per GPU below the window")]
    public void Rows_at_numeric_extremes_are_outside_the_window(double flops, double achieved, string why)
    {
        var row = new L0Row { Peak = 1e15, Achieved = achieved, Flops = flops, MinGpus = 1, PricePerGpuHourUsd = 2, BoardPowerWatts = 700, WattsPerBoardWatt = 1 };
        Assert.False(L0RowInvariants.IsModerate(row), why);
        Assert.False(L0RowInvariants.IsModerate(row with { Achieved = 1e12, Flops = 1e20, PricePerGpuHourUsd = 1e12 }), "a price past 1e10");
        Assert.True(L0RowInvariants.IsModerate(row with { Achieved = 1e12, Flops = 1e20 }));
        Assert.False(L0RowInvariants.InGpuWindow(0.5));
        Assert.False(L0RowInvariants.InGpuWindow(2e12));
    }
}
