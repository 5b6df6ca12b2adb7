using System.CommandLine;
using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Planning;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>
/// <c>estimate --gpu-hours H</c> (or <c>--days D --gpus N</c>): energy, carbon and cost of usage already
/// measured ("we used 1.7M A100-hours"), with no model to price. The hours are taken as they were used:
/// failures and restarts are inside them, so no goodput is applied.
/// </summary>
internal sealed class MeasuredUsage
{
    private const double HoursPerDay = 24.0;
    private const double MaxGpuHours = 1e12;

    /// <summary>--gpu-hours.</summary>
    public Option<string?> GpuHours { get; } = new("--gpu-hours") { Description = "Start from measured usage: GPU-hours used (e.g. 1.7M); gives energy, carbon and cost, with no model" };
    /// <summary>--days.</summary>
    public Option<string?> Days { get; } = new("--days") { Description = "Measured usage as wall-clock days on --gpus GPUs (instead of --gpu-hours)" };
    /// <summary>--board-power-w.</summary>
    public Option<string?> BoardPower { get; } = new("--board-power-w") { Description = "With measured usage: the GPUs' power as the source counts it, W (default: the profile's board power)" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(GpuHours);
        command.Add(Days);
        command.Add(BoardPower);
    }

    /// <summary>True when the usage is given, so the estimate starts from it.</summary>
    public bool Given(ParseResult parse) => parse.GetValue(GpuHours) is not null || parse.GetValue(Days) is not null;

    /// <summary>Prices the usage on <paramref name="profile"/> and writes it (and <paramref name="note"/>, once the input is good); returns the exit code.</summary>
    public int Run(CliContext ctx, ParseResult parse, JobOptions job, HardwareProfile profile, PlanningSettings plan, Assumptions a, bool json, StringWriter note)
    {
        foreach (Option model in new Option[] { job.Model, job.Params, job.Tokens, job.Utilization, job.Achieved })
        {
            if (parse.GetResult(model) is { Implicit: false })
                throw new InputException($"{model.Name}: measured usage (--gpu-hours or --days) needs no model or throughput; drop {model.Name}");
        }
        string? hoursText = parse.GetValue(GpuHours), daysText = parse.GetValue(Days);
        bool gpusGiven = parse.GetResult(job.Gpus) is { Implicit: false };
        if (hoursText is not null && daysText is not null)
            throw new InputException("--gpu-hours and --days: give one, not both");
        if (daysText is not null && !gpusGiven)
            throw new InputException("--days: give --gpus too (GPU-hours = GPUs x days x 24)");
        if (hoursText is not null && gpusGiven)
            throw new InputException("--gpus: --gpu-hours already counts every GPU; drop --gpus, or give --days with it");
        double gpuHours = hoursText is not null
            ? Validate.Number(hoursText, GpuHours.Name, 0, MaxGpuHours)
            : Validate.InRange(Validate.Number(daysText!, Days.Name, 0, 1e5) * HoursPerDay
                * Validate.Gpus(Validate.InRange(parse.GetValue(job.Gpus), "--gpus", 0, Validate.MaxGpus), "--gpus"), Days.Name, 0, MaxGpuHours);
        string? powerText = parse.GetValue(BoardPower);
        double watts = powerText is null ? profile.File.BoardPowerW : Validate.Number(powerText, BoardPower.Name, 0, 1e4);
        string? priceText = parse.GetValue(job.Price);
        double? given = priceText is null ? null
            : AcceleratorPrices.Applies(priceText) ? AcceleratorPrices.Parse(priceText, [profile], job.Price.Name).Values.First()
            : Validate.Number(priceText, job.Price.Name, 0, 1000);
        double? price = given ?? profile.PricePerGpuHourUsd;

        var usage = new Usage(profile, gpuHours, watts, powerText is null ? "profile board power" : BoardPower.Name,
            TrainingCost.EnergyMwh(watts * a.WattsPerBoardWatt, 1.0, gpuHours * TrainingCost.SecondsPerHour, 1.0),
            price, given is not null ? PriceSources.Given : profile.PriceClassText, a, plan);
        ctx.Err.Write(note.ToString());
        if (json)
            usage.WriteJson(ctx.Out);
        else
            usage.WriteText(ctx.Out);
        return ExitCodes.Ok;
    }

    private sealed record Usage(HardwareProfile Profile, double GpuHours, double Watts, string WattsSource, double EnergyMwh,
        double? Price, string? PriceClass, Assumptions A, PlanningSettings Plan)
    {
        private double Co2e => Energy.Co2eTonnes(EnergyMwh, Plan.Assumptions.GridGramsCo2ePerKwh);
        private double? CostUsd => Price is double p ? Money.RentUsd(GpuHours, p, Plan.Assumptions.PriceTierMultiplier) : null;

        // Only the assumptions measured usage depends on: scope, grid, price tier.
        private IEnumerable<string> Notes => Plan.Notes.Where(n => n.StartsWith("energy scope", StringComparison.Ordinal)
            || n.StartsWith("grid ", StringComparison.Ordinal) || n.StartsWith("price tier", StringComparison.Ordinal));

        public void WriteText(TextWriter o)
        {
            o.WriteLine(AnswerLine.Measured(GpuHours, Profile.File.DisplayName, CostUsd ?? double.NaN, EnergyMwh, Co2e));
            o.WriteLine();
            var t = new TextTable("quantity", "value", "how") { NamedRows = true };
            t.Add("gpu_hours", Format.Sig(GpuHours), "as used: failures and restarts included");
            t.Add("energy_mwh", Format.Sig(EnergyMwh), $"{Format.Human(Watts)} W ({WattsSource}) x {Format.Human(A.WattsPerBoardWatt)} x GPU-hours ({EnergyOptions.Name(A)} scope)");
            t.Add("co2e_t", Format.Sig(Co2e), $"energy x {Format.Human(Plan.Assumptions.GridGramsCo2ePerKwh)} gCO2e/kWh");
            t.Add("cost_usd", Format.Sig(CostUsd ?? double.NaN), Price is double p
                ? $"GPU-hours x ${Format.Human(p)} ({PriceClass}) x {Format.Human(Plan.Assumptions.PriceTierMultiplier)} ({Plan.Tier})"
                : "no price of the class asked for in the profile; give --price-per-gpu-hour");
            t.Write(o);
            o.WriteLine();
            o.WriteLine("assumptions:");
            foreach (string note in Notes)
                o.WriteLine($"  - {note}");
        }

        public void WriteJson(TextWriter output)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                JsonRows.WriteValue(w, "hardware", Profile.Name);
                JsonRows.WriteValue(w, "gpu_hours", GpuHours);
                JsonRows.WriteValue(w, "board_power_w", Watts);
                JsonRows.WriteValue(w, "energy_scope", EnergyOptions.Name(A));
                JsonRows.WriteValue(w, "pue", A.Pue);
                JsonRows.WriteValue(w, "watts_per_board_watt", A.WattsPerBoardWatt);
                JsonRows.WriteValue(w, "energy_mwh", EnergyMwh);
                JsonRows.WriteValue(w, "grid_gco2e_per_kwh", Plan.Assumptions.GridGramsCo2ePerKwh);
                JsonRows.WriteValue(w, "co2e_t", Co2e);
                JsonRows.WriteValue(w, "price_per_gpu_hour_usd", Price);
                JsonRows.WriteValue(w, "price_class", PriceClass);
                JsonRows.WriteValue(w, "price_tier", Plan.Tier);
                JsonRows.WriteValue(w, "cost_usd", CostUsd);
                w.WriteStartArray("assumptions");
                foreach (string note in Notes)
                    w.WriteStringValue(note);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
    }
}
