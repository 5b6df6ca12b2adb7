using System.CommandLine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>What one training job is, as resolved from flags.</summary>
/// <param name="ModelName">Preset name, or null when given by size.</param>
/// <param name="Parameters">Parameters.</param>
/// <param name="Tokens">Tokens.</param>
/// <param name="Gpus">GPUs.</param>
/// <param name="Precision">Precision.</param>
/// <param name="Utilization">Utilisation, or null when <paramref name="AchievedTflops"/> is given.</param>
/// <param name="AchievedTflops">Achieved TFLOP/s per GPU, or null.</param>
/// <param name="PricePerGpuHourUsd">Price override, or null for the profile's price.</param>
/// <param name="Assumptions">PUE, bytes per parameter, active fraction.</param>
/// <param name="Shape">The transformer shape, when there is one: explicit, from a config, or a preset's (decoder-only models).</param>
public sealed record JobSettings(
    string? ModelName, double Parameters, double Tokens, double Gpus, Precision Precision,
    double? Utilization, double? AchievedTflops, double? PricePerGpuHourUsd, Assumptions Assumptions, TransformerShape? Shape = null)
{
    /// <summary>True when no throughput was given, so the L2 model predicts it.</summary>
    public bool Predict => Utilization is null && AchievedTflops is null;
}

/// <summary>The flags that describe one job, shared by <c>estimate</c> and <c>compare</c>.</summary>
public sealed class JobOptions
{
    /// <summary>Every name <c>--model</c> accepts: GPT-3 Table D.1 rows and the L2 shape presets.</summary>
    public static IEnumerable<string> PresetNames => Presets.TableD1.Select(p => p.Name).Union(ShapePresets.All.Select(p => p.Name));

    /// <summary>Default utilisation: large dense runs report 35–45 % MFU on A100/H100 (PaLM Table 3, llm-foundry).</summary>
    public const string DefaultUtilization = "0.4";
    /// <summary>Default PUE: hyperscale data centres (Patterson et al. 2021 use 1.1 for GPT-3).</summary>
    public const string DefaultPue = "1.1";

    /// <summary>--model.</summary>
    public Option<string?> Model { get; } = new("--model") { Description = $"Model preset: {string.Join(", ", PresetNames)}" };
    /// <summary>--params.</summary>
    public Option<string?> Params { get; } = new("--params") { Description = "Parameters, e.g. 175e9 or 175B (instead of --model)" };
    /// <summary>--tokens.</summary>
    public Option<string?> Tokens { get; } = new("--tokens") { Description = "Training tokens, e.g. 300B, or a multiple of params, e.g. 20x" };
    /// <summary>--gpus.</summary>
    public Option<string> Gpus { get; } = new("--gpus") { Description = "GPUs in the cluster", DefaultValueFactory = _ => "1024" };
    /// <summary>--precision.</summary>
    public Option<string> Precision { get; } = new("--precision") { Description = "Matrix precision: fp64, fp32, tf32, fp16, bf16, fp8 (fp16 has the same tensor peak as bf16 wherever bf16 exists)", DefaultValueFactory = _ => "fp16" };
    /// <summary>--utilization.</summary>
    public Option<string?> Utilization { get; } = new("--utilization") { Description = $"Model FLOPs utilisation, 0..1 (default: predicted by the L2 model for decoders; {DefaultUtilization} for encoder presets)" };
    /// <summary>--achieved-tflops.</summary>
    public Option<string?> Achieved { get; } = new("--achieved-tflops") { Description = "Sustained TFLOP/s per GPU (instead of --utilization)" };
    /// <summary>--price-per-gpu-hour.</summary>
    public Option<string?> Price { get; } = new("--price-per-gpu-hour") { Description = "USD per GPU-hour, or one price each (h100-sxm5-80gb=3.2,mi300x=2.1; the others keep their profile's) (default: the profile's dated cloud price)" };
    /// <summary>Options shared with sweep.</summary>
    public AssumptionOptions Assumptions { get; } = new();

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Model, Params, Tokens, Gpus, Precision, Utilization, Achieved, Price })
            command.Add(o);
        Assumptions.AddTo(command);
    }

    /// <summary>Largest relative difference allowed between <c>--params</c> and an explicit shape's parameter count.</summary>
    public const double ParamsTolerance = 0.01;

    /// <summary>Resolves and validates the flags; <paramref name="explicitShape"/> (from the shape flags or a config) gives the size when <c>--params</c> is absent.</summary>
    public JobSettings Resolve(ParseResult parse, TransformerShape? explicitShape = null)
    {
        string? modelName = parse.GetValue(Model);
        string? paramsText = parse.GetValue(Params);
        string? tokensText = parse.GetValue(Tokens);
        ModelPreset? preset = null;
        ShapePreset? shapePreset = null;
        if (modelName is not null && explicitShape is not null)
            throw new InputException("--model: give a preset or an explicit shape (--layers/--hidden/--heads or --hf-config), not both");
        if (modelName is not null)
        {
            shapePreset = ShapePresets.Find(modelName);
            preset = Presets.Find(modelName) ?? (shapePreset is null ? null : new ModelPreset(shapePreset.Name, shapePreset.Name,
                shapePreset.Shape.Parameters, shapePreset.Tokens, shapePreset.Shape.ActiveParameters / shapePreset.Shape.Parameters, double.NaN, double.NaN));
            if (preset is null)
                throw new InputException($"--model: unknown preset '{modelName}'{DidYouMean.Suffix(modelName, PresetNames)}; known: {string.Join(", ", PresetNames)}");
        }
        else if (paramsText is null && explicitShape is null)
        {
            throw new InputException("give --model PRESET, --params, or an explicit shape (--layers/--hidden/--heads or --hf-config), with --tokens");
        }

        double parameters = explicitShape is TransformerShape es ? ShapeParameters(es, paramsText)
            : paramsText is not null ? Validate.Number(paramsText, "--params", 0, Validate.MaxParams)
            : preset!.Parameters;
        double tokens = tokensText is not null
            ? ResolveTokens(tokensText, parameters)
            : preset is { Tokens: > 0 } ? preset.Tokens
            : throw new InputException(preset is null ? "--tokens: required with --params" : $"--tokens: required; {preset.Name} publishes no token count");

        string? utilText = parse.GetValue(Utilization);
        string? achievedText = parse.GetValue(Achieved);
        if (utilText is not null && achievedText is not null)
            throw new InputException("--utilization and --achieved-tflops: give one, not both");
        double? achieved = achievedText is null ? null : Validate.Number(achievedText, "--achieved-tflops", 0, 1e5);
        // With no throughput given, a decoder (a shape preset, or a bare size) is predicted; other presets take the default.
        bool predictable = preset is null || shapePreset is not null;
        double? utilization = achieved is null && (utilText is not null || !predictable)
            ? Validate.Number(utilText ?? DefaultUtilization, "--utilization", 0, 1) : null;
        string? priceText = parse.GetValue(Price);

        TransformerShape? shape = explicitShape ?? shapePreset?.Shape;
        double? shapeActive = shape is TransformerShape sh ? sh.ActiveParameters / sh.Parameters : null;
        Assumptions assumptions = Assumptions.Resolve(parse, shapeActive ?? preset?.ActiveFraction);
        if (utilization is null && achieved is null && predictable)
            CheckPredictedActiveFraction(parse, shapeActive);
        return new JobSettings(
            preset?.Name, parameters, tokens,
            Validate.Gpus(Validate.Number(parse.GetValue(Gpus)!, "--gpus", 0, Validate.MaxGpus), "--gpus"),
            Validate.Precision(parse.GetValue(Precision)!, "--precision"),
            utilization, achieved,
            // NAME=USD prices each accelerator on its own (compare); the command applies them per profile.
            priceText is null || AcceleratorPrices.Applies(priceText) ? null : Validate.Number(priceText, "--price-per-gpu-hour", 0, 1000),
            assumptions, shape);
    }

    // The shape's own count; --params may restate it, within 1%.
    private static double ShapeParameters(in TransformerShape shape, string? paramsText)
    {
        double fromShape = shape.Parameters;
        if (paramsText is null)
            return fromShape;
        double given = Validate.Number(paramsText, "--params", 0, Validate.MaxParams);
        double difference = Math.Abs(given - fromShape) / fromShape;
        if (difference > ParamsTolerance)
        {
            throw new InputException($"--params: {Output.Format.Count(given)} differs from the shape's {Output.Format.Count(fromShape)} parameters by "
                + $"{difference * 100:0.#}% (more than {ParamsTolerance * 100:0}%); drop --params or correct the shape");
        }
        return fromShape;
    }

    // Predicted FLOPs come from the shape, so an active fraction that disagrees with it would be silently dropped: refuse it.
    private void CheckPredictedActiveFraction(ParseResult parse, double? shapeActive)
    {
        if (parse.GetValue(Assumptions.ActiveFraction) is not string text)
            return;
        double given = Validate.Number(text, "--active-fraction", 0, 1);
        if (shapeActive is not double active)
        {
            Assumptions.RefuseForDerivedShapes(parse);
            return;
        }
        if (Math.Abs(given - active) > ParamsTolerance * active)
        {
            throw new InputException($"--active-fraction: {given} disagrees with the shape's {active:0.####} (active / total parameters), which the prediction counts; "
                + "drop it, or give --utilization");
        }
    }

    private static double ResolveTokens(string text, double parameters)
    {
        double v = Engine.AxisParser.ParseNumber(text, "--tokens", out bool perParam);
        double tokens = perParam ? Validate.InRange(v, "--tokens", 0, 1e6) * parameters : v;
        return Validate.InRange(tokens, "--tokens", 0, Validate.MaxTokens);
    }
}

/// <summary>Job-wide assumptions: PUE, bytes per parameter, active fraction.</summary>
public sealed class AssumptionOptions
{
    /// <summary>--pue.</summary>
    public Option<string> Pue { get; } = new("--pue") { Description = "Data-centre power usage effectiveness", DefaultValueFactory = _ => JobOptions.DefaultPue };
    /// <summary>--weight-bytes-per-param.</summary>
    public Option<string> WeightBytes { get; } = new("--weight-bytes-per-param") { Description = "Bytes per parameter to hold the weights (2 for bf16; the seed uses 4)", DefaultValueFactory = _ => "2" };
    /// <summary>--state-bytes-per-param.</summary>
    public Option<string> StateBytes { get; } = new("--state-bytes-per-param") { Description = "Bytes per parameter of training state (16 = mixed-precision Adam: 2 weights + 2 grads + 12 fp32 master and moments)", DefaultValueFactory = _ => "16" };
    /// <summary>--active-fraction.</summary>
    public Option<string?> ActiveFraction { get; } = new("--active-fraction") { Description = "Fraction of params active per token at L0 (default 1, or the shape's active / total parameters; the T5 presets use 0.5); when predicting, the shape decides it" };
    /// <summary>--energy-scope and its factors.</summary>
    public EnergyOptions Energy { get; } = new();

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Pue, WeightBytes, StateBytes, ActiveFraction })
            command.Add(o);
        Energy.AddTo(command);
    }

    /// <summary>Refuses an active fraction other than 1 where L2 shapes are derived from parameters: they are dense, so it would be dropped.</summary>
    public void RefuseForDerivedShapes(ParseResult parse)
    {
        if (parse.GetValue(ActiveFraction) is string text && Validate.Number(text, "--active-fraction", 0, 1) != 1.0)
        {
            throw new InputException("--active-fraction: predicting derives a dense shape from the parameter count, so only 1 applies; "
                + "describe a mixture of experts with --experts/--top-k/--expert-ffn (estimate, compare), or give the utilisation instead");
        }
    }

    /// <summary>Resolves and validates the flags; a preset supplies the active fraction unless given.</summary>
    public Assumptions Resolve(ParseResult parse, double? presetActiveFraction)
    {
        string? active = parse.GetValue(ActiveFraction);
        return Energy.Apply(parse, new Assumptions
        {
            Pue = Validate.Number(parse.GetValue(Pue)!, "--pue", 1, 5, minInclusive: true),
            WeightBytesPerParam = Validate.Number(parse.GetValue(WeightBytes)!, "--weight-bytes-per-param", 0, 64),
            StateBytesPerParam = Validate.Number(parse.GetValue(StateBytes)!, "--state-bytes-per-param", 0, 64),
            ActiveFraction = active is null ? presetActiveFraction ?? 1.0 : Validate.Number(active, "--active-fraction", 0, 1),
        });
    }
}
