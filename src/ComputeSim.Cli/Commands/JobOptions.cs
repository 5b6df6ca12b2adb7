using System.CommandLine;
using ComputeSim.Cli.Options;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>The flags that describe one job, shared by <c>estimate</c> and <c>compare</c>.</summary>
internal sealed class JobOptions
{
    /// <summary>Every name <c>--model</c> accepts: GPT-3 Table D.1 rows and the L2 shape presets.</summary>
    public static IEnumerable<string> PresetNames => JobSettings.PresetNames;

    /// <summary>Default utilisation: large dense runs report 35–45 % MFU on A100/H100 (PaLM Table 3, llm-foundry).</summary>
    public static readonly string DefaultUtilization = Defaults.Utilization.Text;
    /// <summary>Default PUE: hyperscale data centres (Patterson et al. 2021 use 1.1 for GPT-3).</summary>
    public static readonly string DefaultPue = Defaults.Pue.Text;

    /// <summary>--model.</summary>
    public Option<string?> Model { get; } = new("--model") { Description = $"Model preset: {string.Join(", ", PresetNames)}" };
    /// <summary>--params.</summary>
    public TypedOption<double?> Params { get; } = TypedOptions.OptionalNumber("--params", "Parameters, e.g. 175e9 or 175B (instead of --model)");
    /// <summary>--tokens.</summary>
    public Option<string?> Tokens { get; } = new("--tokens") { Description = "Training tokens, e.g. 300B, or a multiple of params, e.g. 20x" };
    /// <summary>--gpus.</summary>
    public TypedOption<double> Gpus { get; } = TypedOptions.Number("--gpus", "GPUs in the cluster", Defaults.Gpus.Text);
    /// <summary>--precision.</summary>
    public Option<string> Precision { get; } = new("--precision") { Description = "Matrix precision: fp64, fp32, tf32, fp16, bf16, fp8 (one scale per tensor), mxfp8 (one scale per 32 elements; Blackwell, MI355X), nvfp4 (4-bit, a scale per 16; Blackwell), mxfp4 (4-bit, a scale per 32; Blackwell, MI355X) (fp16 has the same tensor peak as bf16 wherever bf16 exists)", DefaultValueFactory = _ => PrecisionNames.Name(Defaults.JobPrecision) };
    /// <summary>--utilization.</summary>
    public TypedOption<double?> Utilization { get; } = TypedOptions.OptionalNumber("--utilization", $"Model FLOPs utilisation, 0..1 (default: predicted by the L2 model for decoders; {DefaultUtilization} for encoder presets)");
    /// <summary>--achieved-tflops.</summary>
    public TypedOption<double?> Achieved { get; } = TypedOptions.OptionalNumber("--achieved-tflops", "Sustained TFLOP/s per GPU (instead of --utilization)");
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
    public const double ParamsTolerance = JobSettings.ParamsTolerance;

    /// <summary>The job request the flags describe; <paramref name="explicitShape"/> comes from the shape flags or a config.</summary>
    public JobRequest ToRequest(ParseResult parse, TransformerShape? explicitShape = null)
    {
        string? tokensText = parse.GetValue(Tokens);
        double? tokens = null, perParam = null;
        if (tokensText is not null)
        {
            double v = Engine.AxisParser.ParseNumber(tokensText, "--tokens", out bool multiple);
            (multiple ? ref perParam : ref tokens) = v;
        }
        string? priceText = parse.GetValue(Price);
        return new JobRequest
        {
            Model = parse.GetValue(Model),
            Parameters = parse.GetValue(Params),
            Tokens = tokens,
            TokensPerParam = perParam,
            Shape = explicitShape,
            Gpus = parse.GetValue(Gpus),
            Precision = Validate.Precision(parse.GetValue(Precision)!, "--precision"),
            Utilization = parse.GetValue(Utilization),
            AchievedTflops = parse.GetValue(Achieved),
            // NAME=USD prices each accelerator on its own (compare); the command applies them per profile.
            PricePerGpuHourUsd = priceText is null || AcceleratorPrices.Applies(priceText) ? null : Validate.Parse(priceText, "--price-per-gpu-hour"),
            Assumptions = Assumptions.ToRequest(parse),
        };
    }

    /// <summary>Resolves and validates the flags; <paramref name="explicitShape"/> (from the shape flags or a config) gives the size when <c>--params</c> is absent.</summary>
    public JobSettings Resolve(ParseResult parse, TransformerShape? explicitShape = null) => JobSettings.Resolve(ToRequest(parse, explicitShape));
}

/// <summary>Job-wide assumptions: PUE, bytes per parameter, active fraction.</summary>
internal sealed class AssumptionOptions
{
    /// <summary>--pue.</summary>
    public TypedOption<double> Pue { get; } = TypedOptions.Number("--pue", "Data-centre power usage effectiveness", JobOptions.DefaultPue);
    /// <summary>--weight-bytes-per-param.</summary>
    public TypedOption<double> WeightBytes { get; } = TypedOptions.Number("--weight-bytes-per-param", "Bytes per parameter to hold the weights (2 for bf16; the seed uses 4)", Defaults.WeightBytesPerParam.Text);
    /// <summary>--state-bytes-per-param.</summary>
    public TypedOption<double> StateBytes { get; } = TypedOptions.Number("--state-bytes-per-param", "Bytes per parameter of training state (16 = mixed-precision Adam: 2 weights + 2 grads + 12 fp32 master and moments)", Defaults.StateBytesPerParam.Text);
    /// <summary>--active-fraction.</summary>
    public TypedOption<double?> ActiveFraction { get; } = TypedOptions.OptionalNumber("--active-fraction", "Fraction of params active per token at L0 (default 1, or the shape's active / total parameters; the T5 presets use 0.5); when predicting, the shape decides it");
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
    public void RefuseForDerivedShapes(ParseResult parse) => JobSettings.RefuseForDerivedShapes(parse.GetValue(ActiveFraction));

    /// <summary>The assumptions the flags describe.</summary>
    public AssumptionsRequest ToRequest(ParseResult parse) => Energy.Apply(parse, new AssumptionsRequest
    {
        Pue = parse.GetValue(Pue),
        WeightBytesPerParam = parse.GetValue(WeightBytes),
        StateBytesPerParam = parse.GetValue(StateBytes),
        ActiveFraction = parse.GetValue(ActiveFraction),
    });

    /// <summary>Resolves and validates the flags; a preset supplies the active fraction unless given.</summary>
    public Assumptions Resolve(ParseResult parse, double? presetActiveFraction) => ToRequest(parse).Resolve(presetActiveFraction);
}
