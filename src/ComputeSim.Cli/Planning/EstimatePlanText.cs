using ComputeSim.Cli.Output;
using ComputeSim.Model;

namespace ComputeSim.Cli.Planning;

/// <summary>The planning part of <c>estimate</c>'s text output.</summary>
internal static class EstimatePlanText
{
    /// <summary>Writes the planned quantities, the tiers, buy vs rent, the bands and the assumptions.</summary>
    public static void Write(TextWriter o, PlannedRun p, PlanningSettings s, double gpus)
    {
        PlanResult r = p.Result;
        PlanningAssumptions a = s.Assumptions;
        double nodes = Goodput.Nodes(gpus, a.GpusPerNode);
        string rule = a.Interval switch { IntervalRule.Young => "Young 1974", IntervalRule.Fixed => "--checkpoint-interval", _ => "Daly 2006 Eq. 37" };
        string How(string name) => name switch
        {
            "checkpoint_write_s" => $"{Format.Human(a.CheckpointBytesPerParam)} B/param over {Format.Human(gpus)} GPUs x {Format.Human(a.StorageBytesPerSecondPerGpu / 1e9)} GB/s",
            "job_mtbf_hours" => $"{Format.Human(nodes)} nodes x {Format.Human(a.FailuresPerNodeDay * 1000)} failures per 1,000 node-days",
            "checkpoint_interval_min" => rule,
            "ettr" => $"(1 - (restart {Format.Human(a.RestartSeconds / 60)} min + interval/2) / MTBF) / (1 + write/interval), Kokolis et al. 2025",
            "wall_clock_days_with_failures" => "failure-free days / ETTR",
            "cost_usd_with_failures" => $"{s.Tier} price (x{Format.Human(a.PriceTierMultiplier)})",
            "energy_mwh_with_failures" => $"board W x {Format.Human(Energy.WattsPerBoardWatt(a.EnergyScope, a.AveragePowerFraction, a.ServerOverhead, a.Pue))} x GPUs x time ({Commands.EnergyOptions.ScopeNames[a.EnergyScope]} scope)",
            "co2e_t" => $"energy x {Format.Human(a.GridGramsCo2ePerKwh)} gCO2e/kWh",
            "own_cost_usd" => $"purchase over {Format.Human(a.AmortizationYears)} years + power at ${Format.Human(a.ElectricityUsdPerKwh)}/kWh",
            _ => "",
        };
        o.WriteLine();
        var t = new TextTable("plan", "value", "how");
        foreach (var (name, value) in PlanColumns.Values)
        {
            double v = value(r);
            t.Add(name, name.Contains("usd", StringComparison.Ordinal) ? Format.Usd(v) : Format.Human(v), How(name));
        }
        t.Write(o);
        // Every n/a above has one cause here: a run that never finishes has no time, cost or energy.
        bool never = !double.IsFinite(r.WallClockDays);
        if (never)
            o.WriteLine($"note: n/a: a failure every {Format.Human(r.JobMtbfSeconds / 3600)} h on {Format.Human(nodes)} nodes leaves no time between restarts "
                + "and checkpoints (ETTR 0), so the run never finishes; use fewer GPUs, or a lower --failure-rate");
        o.WriteLine("cost by tier (with failures): " + string.Join(", ", p.CostUsdByTier.Select(kv => $"{kv.Key} {Format.Usd(kv.Value)}")));
        o.WriteLine(p.Cheaper switch
        {
            "buy" => $"buy vs rent: buying ({Format.Usd(r.OwnCostUsd)}) is cheaper than renting at {s.Tier} ({Format.Usd(r.CostUsd)}) for this run",
            "rent" => $"buy vs rent: renting at {s.Tier} ({Format.Usd(r.CostUsd)}) is cheaper than buying ({Format.Usd(r.OwnCostUsd)}) for this run",
            _ => never ? "buy vs rent: n/a (the run never finishes)" : "buy vs rent: n/a (the profile lacks a rental or purchase price)",
        });
        if (p.Bands is Engine.MonteCarloBands b)
        {
            o.WriteLine();
            var mc = new TextTable("monte carlo", "p10", "p50", "p90");
            foreach (var (name, band) in PlanColumns.Bands(b))
            {
                Func<double, string> f = name.Contains("usd", StringComparison.Ordinal) ? Format.Usd : Format.Human;
                mc.Add(name, f(band.P10), f(band.P50), f(band.P90));
            }
            mc.Write(o);
        }
        o.WriteLine();
        PlanColumns.WriteNotes(o, s);
    }
}
