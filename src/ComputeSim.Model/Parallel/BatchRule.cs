namespace ComputeSim.Model;

/// <summary>The default global batch: it grows with the cluster, as the batches of large runs do.</summary>
/// <remarks>
/// Tokens per step = max(4M, GPUs × s / 8), in whole sequences. The floor is Llama 2's 4M tokens
/// (Touvron et al. 2023 §2.2; GPT-3 175B used 3.2M, Brown et al. 2020 Table 2.1). The slope is one
/// sequence per 8 GPUs, Llama 3 405B's batch at full scale: 2048 sequences of 8192 tokens (16M) on
/// 16,384 H100s (Dubey et al. 2024 §3.4.1, Table 4). Below 8·4M/s GPUs the floor holds. A batch
/// much smaller than this leaves each pipeline few micro-batches (a large bubble) or each GPU small
/// GEMMs.
/// </remarks>
public static class BatchRule
{
    /// <summary>Smallest default batch, tokens (Llama 2: 4M).</summary>
    public const double MinTokens = 4_194_304;

    /// <summary>GPUs per sequence of the batch at scale (Llama 3 405B: 16,384 GPUs, 2048 sequences).</summary>
    public const double GpusPerSequence = 8;

    /// <summary>The rule in words, for help texts.</summary>
    public const string Text = "max(4M tokens, GPUs x seq_len / 8 tokens) in whole sequences: Llama 2's 4M-token floor, Llama 3's 16M tokens on 16K GPUs";

    /// <summary>Sequences per optimizer step on <paramref name="gpus"/> GPUs with sequences of <paramref name="seqLen"/> tokens.</summary>
    public static double Sequences(double gpus, double seqLen) =>
        Math.Max(1.0, Math.Max(Math.Round(MinTokens / seqLen), Math.Ceiling(gpus / GpusPerSequence)));
}
