using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>
/// The first line of every answer: what was asked and what it comes to, in the units a planner quotes
/// (days, dollars, MWh, tonnes CO2e), each to <see cref="Format.Figures"/> significant figures, as in
/// <c>gpt3-175b x 300B tokens on 1,024 NVIDIA H100 SXM5 80 GB: 8.97 days, $1.36M, 235 MWh, 101 tCO2e</c>.
/// The figures are the failure-free ones of the table below it; energy and carbon share the energy scope.
/// </summary>
internal static class AnswerLine
{
    /// <summary>The job: the preset's name (or the size) and the tokens.</summary>
    public static string Job(string? model, double parameters, double tokens) =>
        $"{model ?? Format.Sig(parameters) + " params"} x {Format.Sig(tokens)} tokens";

    /// <summary>Days, dollars, energy and, with a grid intensity, carbon of one run (failure-free, as ranked; the tables add failures).</summary>
    public static string Figures(in PointResult r, double? gridGramsPerKwh = null)
    {
        // A figure past the range of a double is an overflow (an absurdly long run), not a missing price.
        string cost = double.IsFinite(r.CostUsd) ? Format.SigUsd(r.CostUsd)
            : (r.Status & PointStatus.Overflow) != 0 ? "cost n/a (overflow: the run is too long to count)" : "cost n/a (no price)";
        string co2 = gridGramsPerKwh is double g ? $", {Format.Sig(Energy.Co2eTonnes(r.EnergyMwh, g))} tCO2e" : "";
        return $"{Format.Sig(r.WallClockDays)} days, {cost}, {Format.Sig(r.EnergyMwh)} MWh{co2}";
    }

    /// <summary><c>estimate</c>: one job on one accelerator.</summary>
    public static string Estimate(string? model, PointRow row, string hardware, double gridGramsPerKwh) =>
        $"{Job(model, row.Job.Parameters, row.Job.Tokens)} on {Format.Human(row.Job.Gpus)} {hardware}: {Figures(row.Result, gridGramsPerKwh)}";

    /// <summary><c>estimate --gpu-hours</c>: measured usage priced.</summary>
    public static string Measured(double gpuHours, string hardware, double costUsd, double energyMwh, double co2eTonnes) =>
        $"{Format.Sig(gpuHours)} GPU-hours of {hardware}: {(double.IsFinite(costUsd) ? Format.SigUsd(costUsd) : "cost n/a (no price)")}, "
        + $"{Format.Sig(energyMwh)} MWh, {Format.Sig(co2eTonnes)} tCO2e";

    /// <summary><c>compare</c>: the fastest accelerator and the cheapest (among those with a price).</summary>
    public static string Compare(string? model, IReadOnlyList<PointRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var timed = rows.Where(r => double.IsFinite(r.Result.WallClockDays)).ToList();
        if (timed.Count == 0)
            return "no accelerator gives a finite time for this job";
        PointRow first = timed[0];
        PointRow fastest = timed.MinBy(r => r.Result.WallClockDays)!;
        PointRow? cheapest = timed.Where(r => double.IsFinite(r.Result.CostUsd)).MinBy(r => r.Result.CostUsd);
        string cheap = cheapest is null ? "no accelerator has a price"
            : $"cheapest {cheapest.Hardware} {Format.SigUsd(cheapest.Result.CostUsd)} in {Format.Sig(cheapest.Result.WallClockDays)} days";
        return $"{Job(model, first.Job.Parameters, first.Job.Tokens)} on {Format.Human(first.Job.Gpus)} GPUs: "
            + $"fastest {fastest.Hardware} {Format.Sig(fastest.Result.WallClockDays)} days ({Format.SigUsd(fastest.Result.CostUsd)}); {cheap}";
    }

    /// <summary><c>sweep</c> and <c>merge</c>: the best point by the objective, or why there is none.</summary>
    public static string Sweep(string objective, long admissible, long total, PointRow? best, double? gridGramsPerKwh) =>
        best is null
            ? $"no point of {total:N0} meets the constraints"
            : $"best of {admissible:N0} by {objective}: {Job(null, best.Job.Parameters, best.Job.Tokens)} on {Format.Human(best.Job.Gpus)} "
              + $"{best.Hardware}: {Figures(best.Result, gridGramsPerKwh)}";

    /// <summary><c>plan</c>: the recommended size, data and cluster, and its predicted loss.</summary>
    public static string Plan(PointRow? best, double predictedLoss, double? gridGramsPerKwh) =>
        best is null
            ? "no configuration meets the limits"
            : $"plan: {Job(null, best.Job.Parameters, best.Job.Tokens)} on {Format.Human(best.Job.Gpus)} {best.Hardware}: "
              + $"{Figures(best.Result, gridGramsPerKwh)}; predicted loss {Format.Sig(predictedLoss)}";
}
