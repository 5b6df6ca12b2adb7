using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Planning;

/// <summary>The external names (units in each) of a planned run, for JSON and tables alike.</summary>
internal static class PlanColumns
{
    private const double SecondsPerHour = TrainingCost.SecondsPerHour;
    private const double SecondsPerMinute = 60.0;

    /// <summary>Every planned quantity, in output order.</summary>
    public static readonly IReadOnlyList<(string Name, Func<PlanResult, double> Value)> Values =
    [
        ("checkpoint_write_s", r => r.CheckpointWriteSeconds),
        ("job_mtbf_hours", r => r.JobMtbfSeconds / SecondsPerHour),
        ("checkpoint_interval_min", r => r.IntervalSeconds / SecondsPerMinute),
        ("young_interval_min", r => r.YoungIntervalSeconds / SecondsPerMinute),
        ("daly_interval_min", r => r.DalyIntervalSeconds / SecondsPerMinute),
        ("ettr", r => r.Ettr),
        ("wall_clock_days_with_failures", r => r.WallClockDays),
        ("gpu_hours_with_failures", r => r.GpuHours),
        ("cost_usd_with_failures", r => r.CostUsd),
        ("energy_mwh_with_failures", r => r.EnergyMwh),
        ("co2e_t", r => r.Co2eTonnes),
        ("own_cost_usd", r => r.OwnCostUsd),
    ];

    /// <summary>The Monte-Carlo bands by name.</summary>
    public static IEnumerable<(string Name, Band Band)> Bands(Engine.MonteCarloBands b) =>
        [("wall_clock_days_with_failures", b.Days), ("cost_usd_with_failures", b.CostUsd), ("energy_mwh_with_failures", b.EnergyMwh)];

    /// <summary>Writes a planned run's fields into the current JSON object.</summary>
    public static void WriteJson(Utf8JsonWriter w, PlannedRun p, PlanningSettings s)
    {
        foreach (var (name, value) in Values)
            JsonRows.WriteValue(w, name, value(p.Result));
        w.WriteString("price_tier", s.Tier);
        w.WriteStartObject("cost_usd_with_failures_by_tier");
        foreach (var (tier, cost) in p.CostUsdByTier)
            JsonRows.WriteValue(w, tier, cost);
        w.WriteEndObject();
        JsonRows.WriteValue(w, "cheaper", p.Cheaper);
        if (p.Bands is Engine.MonteCarloBands b)
        {
            foreach (var (name, band) in Bands(b))
            {
                JsonRows.WriteValue(w, name + "_p10", band.P10);
                JsonRows.WriteValue(w, name + "_p50", band.P50);
                JsonRows.WriteValue(w, name + "_p90", band.P90);
            }
        }
    }

    /// <summary>Writes the assumptions and the Monte Carlo's settings as JSON fields.</summary>
    public static void WriteSettingsJson(Utf8JsonWriter w, PlanningSettings s)
    {
        w.WriteStartArray("planning_assumptions");
        foreach (string note in s.Notes)
            w.WriteStringValue(note);
        w.WriteEndArray();
        if (s.MonteCarlo is MonteCarloSpec mc)
        {
            w.WriteStartObject("monte_carlo");
            w.WriteNumber("samples", mc.Samples);
            w.WriteString("seed", mc.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("backend", s.MonteCarloBackend.Name());
            w.WriteString("percentiles", "nearest rank");
            w.WriteEndObject();
        }
    }

    /// <summary>"P10 / P50 / P90" in one cell.</summary>
    public static string BandText(Band b, Func<double, string> format) => $"{format(b.P10)} / {format(b.P50)} / {format(b.P90)}";

    /// <summary>Prints the assumptions, one per line.</summary>
    public static void WriteNotes(TextWriter o, PlanningSettings s)
    {
        o.WriteLine("planning assumptions:");
        foreach (string note in s.Notes)
            o.WriteLine($"  - {note}");
        if (s.MonteCarlo is MonteCarloSpec mc)
            o.WriteLine($"  - monte carlo: {mc.Samples:N0} samples per point, seed {mc.Seed}, drawn on {s.MonteCarloBackend.Name()}; P10/P50/P90 by nearest rank");
    }
}
