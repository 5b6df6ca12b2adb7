namespace ComputeSim.Model;

/// <summary>A published model: its size and training tokens.</summary>
/// <param name="Name">Lower-case preset name, e.g. <c>gpt3-175b</c>.</param>
/// <param name="DisplayName">As the source names it.</param>
/// <param name="Parameters">Total parameters.</param>
/// <param name="Tokens">Training tokens.</param>
/// <param name="ActiveFraction">Fraction of parameters active per token.</param>
/// <param name="PublishedPfDays">Training compute as published, PF-days.</param>
/// <param name="PublishedFlops">Training compute as published, FLOPs.</param>
public sealed record ModelPreset(
    string Name, string DisplayName, double Parameters, double Tokens, double ActiveFraction,
    double PublishedPfDays, double PublishedFlops);

/// <summary>Model presets.</summary>
/// <remarks>
/// Every row of Brown et al. 2020, "Language Models are Few-Shot Learners" (arXiv:2005.14165),
/// Appendix D, Table D.1: params (M), training tokens (B), fraction of params active per token,
/// and the published total compute in PF-days and FLOPs. T5 counts half its parameters as active.
/// </remarks>
public static class Presets
{
    private const double Million = 1e6;
    private const double Billion = 1e9;

    /// <summary>The 17 rows of GPT-3 Table D.1, in the table's order.</summary>
    public static readonly IReadOnlyList<ModelPreset> TableD1 =
    [
        new("t5-small", "T5-Small", 60 * Million, 1000 * Billion, 0.5, 2.08e0, 1.80e20),
        new("t5-base", "T5-Base", 220 * Million, 1000 * Billion, 0.5, 7.64e0, 6.60e20),
        new("t5-large", "T5-Large", 770 * Million, 1000 * Billion, 0.5, 2.67e1, 2.31e21),
        new("t5-3b", "T5-3B", 3000 * Million, 1000 * Billion, 0.5, 1.04e2, 9.00e21),
        new("t5-11b", "T5-11B", 11000 * Million, 1000 * Billion, 0.5, 3.82e2, 3.30e22),
        new("bert-base", "BERT-Base", 109 * Million, 250 * Billion, 1.0, 1.89e0, 1.64e20),
        new("bert-large", "BERT-Large", 355 * Million, 250 * Billion, 1.0, 6.16e0, 5.33e20),
        new("roberta-base", "RoBERTa-Base", 125 * Million, 2000 * Billion, 1.0, 1.74e1, 1.50e21),
        new("roberta-large", "RoBERTa-Large", 355 * Million, 2000 * Billion, 1.0, 4.93e1, 4.26e21),
        new("gpt3-small", "GPT-3 Small", 125 * Million, 300 * Billion, 1.0, 2.60e0, 2.25e20),
        new("gpt3-medium", "GPT-3 Medium", 356 * Million, 300 * Billion, 1.0, 7.42e0, 6.41e20),
        new("gpt3-large", "GPT-3 Large", 760 * Million, 300 * Billion, 1.0, 1.58e1, 1.37e21),
        new("gpt3-xl", "GPT-3 XL", 1320 * Million, 300 * Billion, 1.0, 2.75e1, 2.38e21),
        new("gpt3-2.7b", "GPT-3 2.7B", 2650 * Million, 300 * Billion, 1.0, 5.52e1, 4.77e21),
        new("gpt3-6.7b", "GPT-3 6.7B", 6660 * Million, 300 * Billion, 1.0, 1.39e2, 1.20e22),
        new("gpt3-13b", "GPT-3 13B", 12850 * Million, 300 * Billion, 1.0, 2.68e2, 2.31e22),
        new("gpt3-175b", "GPT-3 175B", 174600 * Million, 300 * Billion, 1.0, 3.64e3, 3.14e23),
    ];

    /// <summary>Finds a preset by name (case-insensitive).</summary>
    public static ModelPreset? Find(string name) =>
        TableD1.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
