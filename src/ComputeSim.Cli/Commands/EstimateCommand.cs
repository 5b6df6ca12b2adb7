using System.CommandLine;
using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Planning;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>estimate</c>: one configuration with a readable breakdown, or one JSON object.</summary>
internal static class EstimateCommand
{
    /// <summary>The default accelerator.</summary>
    public const string DefaultHardware = Defaults.Hardware;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var job = new JobOptions();
        var parallel = new ParallelOptions(withShape: true);
        var hardware = new Option<string>("--hardware") { Description = "Hardware profile name (see 'profiles list') or a .json profile file", DefaultValueFactory = _ => DefaultHardware };
        var format = FormatOption.Create();
        var planning = new PlanningOptions();
        var usage = new MeasuredUsage();
        Option<string?> priceSource = PriceSourceOption.Create();
        var view = new ViewOptions([.. EstimateText.Quantities, .. PlanColumns.Values.Select(v => v.Name)]);
        var layouts = new Option<int>("--layouts") { Description = "Also list the K fastest layouts that fit (when predicting), each with its pipeline bubble and exposed communication (its step_parts in JSON)", DefaultValueFactory = _ => 0 };
        var command = new Command("estimate", "Price one training run: FLOPs, days, GPU-hours, dollars, energy, memory. Without --utilization "
            + "or --achieved-tflops, the L2 model predicts them from the shape, the cluster and the fastest layout that fits.\n"
            + "With --gpu-hours (or --days and --gpus) it starts from measured usage instead: energy, carbon and cost.\n"
            + "Example: computesim estimate --model gpt3-175b --hardware a100-sxm4-80gb --gpus 1024 --global-batch 1536 --tp 8 --pp 16\n"
            + "Example: computesim estimate --gpu-hours 1.7M --hardware a100-sxm4-80gb --energy-scope gpu --grid-region virginia");
        job.AddTo(command);
        parallel.AddTo(command);
        command.Add(hardware);
        command.Add(format);
        command.Add(layouts);
        command.Add(priceSource);
        usage.AddTo(command);
        planning.AddTo(command);
        view.AddTo(command);
        command.SetAction(parse =>
        {
            TextView shown = view.Resolve(parse, ctx, FormatOption.IsJson(parse, format));
            // The note waits until the input is known good: a refusal is one line.
            var note = new StringWriter();
            if (usage.Given(parse))
            {
                HardwareProfile profile = PriceSources.Select([ProfileCatalog.Get(parse.GetValue(hardware)!)], parse.GetValue(priceSource), note)[0];
                Assumptions a = job.Assumptions.Resolve(parse, null);
                (ClusterProfile c, int perNode) = parallel.ClusterOf(parse, [profile.Name]);
                bool json = FormatOption.IsJson(parse, format);
                using var fitted = new FittedWriter(ctx.Out, json ? TextView.Unfitted : shown);
                return usage.Run(ctx with { Out = fitted }, parse, job, profile, planning.Resolve(parse, c, perNode, a), a, json, note);
            }
            if (AcceleratorPrices.Applies(parse.GetValue(job.Price)))
                throw new InputException("--price-per-gpu-hour: estimate prices one accelerator; give USD, not NAME=USD");
            LayoutRequest layout = parallel.ToRequest(parse);
            EstimateResult result = Simulator.Estimate(new EstimateRequest
            {
                Hardware = parse.GetValue(hardware)!,
                Job = job.ToRequest(parse, parallel.ExplicitShape(parse)),
                Layout = layout,
                Planning = planning.ToRequest(parse),
                PriceSource = parse.GetValue(priceSource),
                Layouts = parse.GetValue(layouts),
            });
            (Estimate e, PlannedRun planned, PlanningSettings plan, var runnersUp) = (result.Estimate, result.Plan, result.Planning, result.RunnersUp);
            JobSettings settings = e.Settings;
            foreach (string line in result.Notes)
                note.WriteLine(line);
            ctx.Err.Write(note.ToString());
            if (FormatOption.IsJson(parse, format))
            {
                WriteJson(ctx.Out, e, runnersUp, (planned, plan));
            }
            else
            {
                using var o = new FittedWriter(ctx.Out, shown);
                o.WriteLine(AnswerLine.Estimate(settings.ModelName, e.Row, e.Profile.File.DisplayName, plan.Assumptions.GridGramsCo2ePerKwh));
                EstimateText.Write(o, e, runnersUp, SoftwareLine(layout, e.Profile.Name));
                EstimatePlanText.Write(o, planned, plan, settings.Gpus);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The cluster and training software a prediction assumed and where they came from: <c>--cluster</c> or the
    /// accelerator's reference cluster, <c>--software</c> or the cluster profile's.</summary>
    private static string SoftwareLine(LayoutRequest layout, string hardware)
    {
        string name = layout.ClusterName([hardware], out string clusterOrigin);
        ClusterProfile cluster = layout.ClusterOf([hardware]).Cluster;
        Software software = layout.SoftwareOf(cluster);
        string origin = layout.Software is null ? $"the {cluster.File.Name} cluster's; --software changes it" : "--software";
        var given = SoftwareSwitches.Parse(layout.Switches, Fields.Switches);
        string switches = given.Count > 0 ? "; switches set by --switches: " + string.Join(", ", given.Select(x => $"{x.Name} {(x.On ? "on" : "off")}")) : "";
        // A planner reads the tuned step as the run's; say what production runs took over it (L2Calibration.ProductionSlowdown).
        bool production = SoftwareSwitches.Apply(default, layout.Switches, Fields.Switches).Production != 0;
        string step = production ? "" : FormattableString.Invariant(
            $"; the tuned step of benchmark tables (papers' production runs took {L2Calibration.ProductionSlowdown:0.##} times it: --switches production=on)");
        string clusterLine = $"cluster: {name} ({(layout.Cluster is null ? clusterOrigin + "; --cluster changes it" : "--cluster")}): {cluster.File.Description}";
        return $"{clusterLine}\nsoftware: {TrainingSoftware.Name(software)} ({origin}): {TrainingSoftware.Describe(software)}{switches}{step}";
    }

    /// <summary>The JSON object of an estimate.</summary>
    public static void WriteJson(TextWriter output, Estimate e, IReadOnlyList<(Layout Layout, StepResult Step, StepParts Parts)>? runnersUp = null, (PlannedRun Run, PlanningSettings Settings)? plan = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            WriteJsonObject(w, e, runnersUp, plan);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Writes an estimate as one object (also used by <c>compare --format json</c>).</summary>
    public static void WriteJsonObject(Utf8JsonWriter w, Estimate e, IReadOnlyList<(Layout Layout, StepResult Step, StepParts Parts)>? runnersUp = null, (PlannedRun Run, PlanningSettings Settings)? plan = null)
    {
        w.WriteStartObject();
        JsonRows.WriteValue(w, "model", e.Settings.ModelName);
        // The estimate nests the L2 fields (layout, per-GPU memory) instead of the flat columns of a sweep row.
        foreach (Column column in PointRow.Columns.Where(c => c.Name != "index" && !PointRow.L2ColumnNames.Contains(c.Name) && !PointRow.PlanColumnNames.Contains(c.Name)))
            JsonRows.WriteValue(w, column.Name, column.Value(e.Row));
        JsonRows.WriteValue(w, "peak_tflops_per_gpu", e.PeakFlops / TrainingCost.FlopsPerTflop);
        JsonRows.WriteValue(w, "single_gpu_days_at_peak", e.SingleGpuDaysAtPeak);
        JsonRows.WriteValue(w, "price_source", e.PriceBasis);
        JsonRows.WriteValue(w, "pue", e.Settings.Assumptions.Pue);
        JsonRows.WriteValue(w, "energy_scope", EnergyOptions.Name(e.Settings.Assumptions));
        JsonRows.WriteValue(w, "active_fraction", e.Settings.Assumptions.ActiveFraction);
        if (e.Settings.Shape is TransformerShape shape)
            ShapeJson.Write(w, "shape", shape);
        if (e.Predicted is LayoutChoice c)
            WritePredicted(w, e, c);
        if (plan is var (run, planSettings))
        {
            w.WriteStartObject("plan");
            PlanColumns.WriteJson(w, run, planSettings);
            PlanColumns.WriteSettingsJson(w, planSettings);
            w.WriteEndObject();
        }
        if (runnersUp is { Count: > 0 })
        {
            w.WriteStartArray("layouts");
            foreach (var (layout, step, parts) in runnersUp)
            {
                w.WriteStartObject();
                LayoutJson.Write(w, layout);
                w.WriteNumber("step_time_s", step.StepTimeSeconds);
                w.WriteNumber("memory_per_gpu_bytes", step.Memory.TotalBytes);
                WriteStepParts(w, parts);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("memory");
        JsonRows.WriteValue(w, "weight_bytes_per_param", e.Settings.Assumptions.WeightBytesPerParam);
        JsonRows.WriteValue(w, "state_bytes_per_param", e.Settings.Assumptions.StateBytesPerParam);
        JsonRows.WriteValue(w, "gpu_memory_bytes", e.Profile.Spec.MemoryBytes);
        JsonRows.WriteValue(w, "weights_bytes", e.Memory.WeightsBytes);
        JsonRows.WriteValue(w, "training_state_bytes", e.Memory.TrainingStateBytes);
        JsonRows.WriteValue(w, "min_gpus_for_weights", e.Memory.MinGpusForWeights);
        JsonRows.WriteValue(w, "min_gpus_for_training_state", e.Memory.MinGpusForTrainingState);
        JsonRows.WriteValue(w, "chip_cost_for_weights_usd", e.Memory.ChipCostForWeightsUsd);
        JsonRows.WriteValue(w, "chip_cost_for_training_state_usd", e.Memory.ChipCostForTrainingStateUsd);
        if (e.Predicted is LayoutChoice p)
        {
            JsonRows.WriteValue(w, "per_gpu_bytes", p.Step.Memory.TotalBytes);
            w.WriteStartObject("per_gpu");
            JsonRows.WriteValue(w, "weights_bytes", p.Step.Memory.WeightsBytes);
            JsonRows.WriteValue(w, "gradients_bytes", p.Step.Memory.GradientsBytes);
            JsonRows.WriteValue(w, "optimizer_bytes", p.Step.Memory.OptimizerBytes);
            JsonRows.WriteValue(w, "activations_bytes", p.Step.Memory.ActivationsBytes);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WritePredicted(System.Text.Json.Utf8JsonWriter w, Estimate e, LayoutChoice c)
    {
        double gpus = e.Settings.Gpus;
        JsonRows.WriteValue(w, "step_time_s", c.Step.StepTimeSeconds);
        JsonRows.WriteValue(w, "tokens_per_s", e.Row.TokensPerSecond);
        JsonRows.WriteValue(w, "mfu", c.Step.Mfu(gpus, e.PeakFlops));
        JsonRows.WriteValue(w, "hfu", c.Step.Hfu(gpus, e.PeakFlops));
        JsonRows.WriteValue(w, "layouts_evaluated", c.Evaluated);
        if (e.Cluster is string cluster)
            JsonRows.WriteValue(w, "cluster", cluster);
        JsonRows.WriteValue(w, "global_batch", Math.Round(c.Step.ModelFlopsPerStep / e.Settings.Shape!.Value.ModelFlopsPerSequence));
        if (e.MfuNote is not null)
            w.WriteString("mfu_note", e.MfuNote);
        if (e.Accuracy is AccuracyBand a)
        {
            w.WritePropertyName("model_accuracy");
            a.ToJson().WriteTo(w);
        }
        w.WriteStartObject("layout");
        LayoutJson.Write(w, c.Layout);
        w.WriteEndObject();
        if (e.StepParts is StepParts parts)
            WriteStepParts(w, parts);
    }

    private static void WriteStepParts(System.Text.Json.Utf8JsonWriter w, in StepParts parts)
    {
        w.WriteStartObject("step_parts");
        foreach (StepPartField f in StepPartFields.All)
            JsonRows.WriteValue(w, f.Name, f.Seconds(parts));
        w.WriteEndObject();
    }

    /// <summary>A shape in one line: size, attention, MLP and experts.</summary>
    public static string ShapeText(in TransformerShape s)
    {
        string kv = s.KvHeads != s.Heads ? $" ({s.KvHeads} kv)" : "";
        string headDim = s.IsLatentAttention
            ? $", latent attention (query/key heads {s.HeadDim} of which {s.RopeHeadDim} rotary, value heads {s.ValueHeadWidth}, latents {s.QLoraRank} and {s.KvLoraRank})"
            : s.HeadDim > 0 ? $", head dim {s.HeadDim}" : "";
        string mtp = s.MtpLayers > 0 ? $", {s.MtpLayers} multi-token-prediction module{(s.MtpLayers > 1 ? "s" : "")}" : "";
        string experts = s.IsMoe
            ? $", {s.Experts} experts top-{s.TopK} of ffn {s.ExpertFfn}{(s.IsLatentMoe ? $" at latent {s.MoeLatentDim}" : "")}{(s.SharedExperts > 0 ? $" + {s.SharedExperts} shared" : "")}{(s.DenseLayers > 0 ? $", {s.DenseLayers} dense layers" : "")}"
            : "";
        string window = s.SlidingWindow > 0 ? $", sliding window {s.SlidingWindow} on {s.SlidingLayers} layers" : "";
        string hybrid = s.IsHybrid
            ? $" ({s.MambaLayers} Mamba-2 of {s.MambaHeads} heads of {s.MambaHeadDim}, state {s.MambaStateDim}, {s.MambaGroups} groups; {s.AttentionLayers} attention; {s.MlpBlocks} MLP)"
            : "";
        // GPT style always ties; only a Llama-style shape that does says so.
        string tied = s.TiesEmbeddings && s.Style != ModelStyle.Gpt ? " (tied)" : "";
        return $"{s.Layers} layers{hybrid}, hidden {s.Hidden}, {s.Heads} heads{kv}{headDim}{window}, ffn {s.Ffn} {MlpNames.Name(s.Mlp)}{experts}{mtp}, seq {s.SeqLen}, vocab {s.Vocab}{tied}";
    }
}

/// <summary><c>--format text|json</c>.</summary>
internal static class FormatOption
{
    /// <summary>A new option instance (options cannot be shared between commands).</summary>
    public static Option<string> Create()
    {
        var o = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" };
        o.AcceptOnlyFromAmong("text", "json");
        return o;
    }

    /// <summary>True when JSON was asked for.</summary>
    public static bool IsJson(ParseResult parse, Option<string> option) => parse.GetValue(option) == "json";
}
