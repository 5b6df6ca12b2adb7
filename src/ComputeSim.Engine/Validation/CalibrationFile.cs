using System.Globalization;
using System.Reflection;
using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>Reads published or measured runs from a tab-separated file with a header, one run per line.</summary>
/// <remarks>
/// Columns (blank = not published; a blank layout column is searched): run_id, source_group, source,
/// model, style (gpt|llama), mlp (gelu|swiglu), layers, hidden, heads, kv_heads, head_dim, ffn, vocab,
/// seq_len, experts, top_k, expert_ffn, shared_experts, dense_layers, and for latent attention and multi-token prediction
/// (optional columns) kv_lora_rank, q_lora_rank, rope_head_dim, v_head_dim, mtp_layers, and for sliding-window attention
/// sliding_window and sliding_layers (default: every layer; in a hybrid, every attention layer), and for hybrid models
/// mamba_layers, attention_layers, mamba_heads, mamba_head_dim, mamba_state and mamba_groups, and moe_latent for latent experts; accelerator, gpus, precision,
/// tp, pp, cp, vp, ep, micro_batch, global_batch, recompute, sequence_parallel, zero, software, switches (optional: the
/// recipe's departures from the software's preset, <c>tp_comm_overlap=off,...</c>, see <see cref="SoftwareSwitches"/>),
/// cluster, metric, value, training_tokens, notes. The public set ships in data/calibration/.
/// A measured run needs only run_id, accelerator, gpus, precision, global_batch, metric and value, with its shape: the shape
/// columns, or a shape preset in <c>model</c> with those columns blank (seq_len then defaults to the preset's). Blank, source_group
/// is <c>measured</c>, software <c>megatron-core</c> and cluster the accelerator's reference cluster.
/// </remarks>
public static class CalibrationFile
{
    // A row names its shape by columns or by a preset in 'model'; source_group, source, software and cluster have defaults
    // (CalibrationRow), so a measured run needs no more than these.
    private static readonly string[] Required = ["run_id", "accelerator", "gpus", "precision", "global_batch", "metric", "value"];

    /// <summary>Every run of the public calibration set that ships with the project.</summary>
    public static IReadOnlyList<PublishedRun> Public => PublicRuns.Value;

    private static readonly Lazy<IReadOnlyList<PublishedRun>> PublicRuns = new(LoadEmbedded);

    /// <summary>Parses <paramref name="text"/>; errors name <paramref name="origin"/>, the line and the column.</summary>
    public static IReadOnlyList<PublishedRun> Parse(string text, string origin)
    {
        string[] lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        string[] header = lines[0].Split('\t');
        foreach (string c in Required)
        {
            if (Array.IndexOf(header, c) < 0)
                throw new InputException(origin, $"the header has no '{c}' column");
        }
        var runs = new List<PublishedRun>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
                continue;
            string[] cells = lines[i].Split('\t');
            if (cells.Length > header.Length)
                throw new InputException($"{origin} line {i + 1}: {cells.Length} cells for {header.Length} columns");
            runs.Add(new CalibrationRow(header, cells, $"{origin} line {i + 1}").ToRun());
        }
        if (runs.Count == 0)
            throw new InputException(origin, $"no runs");
        return runs;
    }

    private static IReadOnlyList<PublishedRun> LoadEmbedded()
    {
        Assembly assembly = typeof(CalibrationFile).Assembly;
        var runs = new List<PublishedRun>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("calibration/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            runs.AddRange(Parse(reader.ReadToEnd(), "data/" + name));
        }
        return runs;
    }

    /// <summary>Parses a number cell (invariant culture).</summary>
    internal static double Number(string text, string where) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new InputException(where, $"'{text}' is not a number");
}
