using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>What one training job is, resolved and validated from a <see cref="JobRequest"/>.</summary>
/// <param name="ModelName">Preset name, or null when given by size.</param>
/// <param name="Parameters">Parameters.</param>
/// <param name="Tokens">Tokens.</param>
/// <param name="Gpus">GPUs.</param>
/// <param name="Precision">Precision.</param>
/// <param name="Utilization">Utilisation, or null when <paramref name="AchievedTflops"/> is given or it is predicted.</param>
/// <param name="AchievedTflops">Achieved TFLOP/s per GPU, or null.</param>
/// <param name="PricePerGpuHourUsd">Price override, or null for the profile's price.</param>
/// <param name="Assumptions">PUE, bytes per parameter, active fraction.</param>
/// <param name="Shape">The transformer shape, when there is one: explicit, from a config, or a preset's (decoder-only models).</param>
public sealed record JobSettings(
    string? ModelName, double Parameters, double Tokens, double Gpus, Precision Precision,
    double? Utilization, double? AchievedTflops, double? PricePerGpuHourUsd, Assumptions Assumptions, TransformerShape? Shape = null)
{
    /// <summary>Largest relative difference allowed between given parameters and an explicit shape's count.</summary>
    public const double ParamsTolerance = 0.01;

    /// <summary>True when no throughput was given, so the L2 model predicts it.</summary>
    public bool Predict => Utilization is null && AchievedTflops is null;

    /// <summary>Every name <see cref="JobRequest.Model"/> accepts: GPT-3 Table D.1 rows and the L2 shape presets.</summary>
    public static IEnumerable<string> PresetNames => Presets.TableD1.Select(p => p.Name).Union(ShapePresets.All.Select(p => p.Name));

    /// <summary>Resolves and validates a request; errors name the request field. <paramref name="seqLen"/>, when given, is the
    /// sequence a preset's shape trains at: a training setting, not part of the architecture (Llama 3 trained at 8,192 and
    /// extended to 128K on the same layers).</summary>
    public static JobSettings Resolve(JobRequest r, int? seqLen = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        ModelPreset? preset = null;
        ShapePreset? shapePreset = null;
        if (r.Model is not null && r.Shape is not null)
            throw new InputException(Fields.Model, "give a preset or an explicit shape, not both");
        if (r.Model is not null)
        {
            shapePreset = ShapePresets.Find(r.Model);
            preset = Presets.Find(r.Model) ?? (shapePreset is null ? null : new ModelPreset(shapePreset.Name, shapePreset.Name,
                shapePreset.Shape.Parameters, shapePreset.Tokens, shapePreset.Shape.ActiveParameters / shapePreset.Shape.Parameters, double.NaN, double.NaN));
            if (preset is null)
                throw new InputException(Fields.Model, $"unknown preset '{r.Model}'{DidYouMean.Suffix(r.Model, PresetNames)}; known: {string.Join(", ", PresetNames)}");
            if (shapePreset is not null && seqLen is int s && s != shapePreset.Shape.SeqLen)
            {
                // Learned positions (GPT-style presets) grow with the sequence, so the size follows the new shape.
                shapePreset = shapePreset with { Shape = shapePreset.Shape with { SeqLen = Check.Positive(s, Fields.SeqLen) } };
                preset = preset with { Parameters = shapePreset.Shape.Parameters };
            }
        }
        else if (r.Parameters is null && r.Shape is null)
        {
            throw new InputException(Fields.Model, "give a preset, the parameters, or an explicit shape, with the tokens");
        }

        if (r.Shape?.HybridProblem(field => $"{Fields.Shape}.{field}") is string hybrid)
            throw new InputException(Fields.Shape, hybrid);
        double parameters = r.Shape is TransformerShape es ? Restated(es.Parameters, r.Parameters, "the shape's", "correct the shape")
            : preset is not null ? Restated(preset.Parameters, r.Parameters, $"{preset.Name}'s", "drop the preset")
            : Check.InRange(r.Parameters!.Value, Fields.Parameters, 0, Check.MaxParams);
        if (r.Tokens is not null && r.TokensPerParam is not null)
            throw new InputException(Fields.Tokens, "give tokens or tokens per parameter, not both");
        double tokens = r.Tokens is double t ? Check.InRange(t, Fields.Tokens, 0, Check.MaxTokens)
            : r.TokensPerParam is double x ? Check.InRange(Check.InRange(x, Fields.Tokens, 0, 1e6) * parameters, Fields.Tokens, 0, Check.MaxTokens)
            : preset is { Tokens: > 0 } ? preset.Tokens
            : throw new InputException(Fields.Tokens, preset is null ? "required with the parameters" : $"required; {preset.Name} publishes no token count");

        if (r.Utilization is not null && r.AchievedTflops is not null)
            throw new InputException(Fields.Utilization, "give one, not both (a utilisation or achieved TFLOP/s)");
        double? achieved = r.AchievedTflops is double a ? Check.InRange(a, Fields.AchievedTflops, 0, 1e5) : null;
        // With no throughput given, a decoder (a shape preset, or a bare size) is predicted; other presets take the default.
        bool predictable = preset is null || shapePreset is not null;
        double? utilization = achieved is null && (r.Utilization is not null || !predictable)
            ? Check.InRange(r.Utilization ?? Defaults.Utilization.Value, Fields.Utilization, 0, 1) : null;

        TransformerShape? shape = r.Shape ?? shapePreset?.Shape;
        double? shapeActive = shape is TransformerShape sh ? sh.ActiveParameters / sh.Parameters : null;
        Assumptions assumptions = r.Assumptions.Resolve(shapeActive ?? preset?.ActiveFraction);
        if (utilization is null && achieved is null && predictable)
            CheckPredictedActiveFraction(r.Assumptions.ActiveFraction, shapeActive);
        return new JobSettings(
            preset?.Name, parameters, tokens, Check.Gpus(r.Gpus, Fields.Gpus), r.Precision, utilization, achieved,
            r.PricePerGpuHourUsd is double usd ? Check.InRange(usd, Fields.PricePerGpuHourUsd, 0, 1000) : null,
            assumptions, shape);
    }

    // A preset's or an explicit shape's own count, which given parameters may only restate (within 1%).
    private static double Restated(double count, double? given, string whose, string otherFix)
    {
        if (given is double g)
            Restates(g, count, whose, otherFix);
        return count;
    }

    // Given parameters beside a preset or a shape only restate its count: one that differs by more than 1% would be used by some
    // figures and not others, so it is refused.
    private static void Restates(double given, double count, string whose, string otherFix)
    {
        Check.InRange(given, Fields.Parameters, 0, Check.MaxParams);
        double difference = Math.Abs(given - count) / count;
        if (difference > ParamsTolerance)
        {
            throw new InputException(Fields.Parameters, $"{Format.Count(given)} differs from {whose} {Format.Count(count)} parameters by "
                + $"{difference * 100:0.#}% (more than {ParamsTolerance * 100:0}%); drop it or {otherFix}");
        }
    }

    // Predicted FLOPs come from the shape, so an active fraction that disagrees with it would be silently dropped: refuse it.
    private static void CheckPredictedActiveFraction(double? given, double? shapeActive)
    {
        if (given is not double g)
            return;
        if (shapeActive is not double active)
        {
            RefuseForDerivedShapes(g);
            return;
        }
        if (Math.Abs(g - active) > ParamsTolerance * active)
        {
            throw new InputException(Fields.ActiveFraction, $"{g} disagrees with the shape's {active:0.####} (active / total parameters), which the prediction counts; "
                + "drop it, or give the utilisation");
        }
    }

    /// <summary>Refuses an active fraction other than 1 where L2 shapes are derived from parameters: they are dense, so it would be dropped.</summary>
    public static void RefuseForDerivedShapes(double? activeFraction)
    {
        if (activeFraction is double a && Check.InRange(a, Fields.ActiveFraction, 0, 1) != 1.0)
        {
            throw new InputException(Fields.ActiveFraction, "predicting derives a dense shape from the parameter count, so only 1 applies; "
                + "describe a mixture of experts with experts, top-k and expert FFN (estimate, compare), or give the utilisation instead");
        }
    }
}
