using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>One part of a predicted step as outputs name it: a unit-suffixed name, what it holds, and its seconds.</summary>
/// <param name="Name">The name in JSON and text (<c>gemm_s</c>).</param>
/// <param name="Description">What the part holds, in a few words.</param>
/// <param name="Seconds">The part's seconds of a step.</param>
public sealed record StepPartField(string Name, string Description, Func<StepParts, double> Seconds);

/// <summary>The parts of a predicted step in output order (<see cref="StepBreakdown"/>): the same names in the CLI's text and JSON and the web API.</summary>
public static class StepPartFields
{
    /// <summary>Every part, compute first, then what waits.</summary>
    public static IReadOnlyList<StepPartField> All { get; } =
    [
        new("gemm_s", "the layers' GEMMs: projections, MLP or experts, router", p => p.GemmSeconds),
        new("attention_s", "fused attention, forward and backward", p => p.AttentionSeconds),
        new("elementwise_s", "element-wise kernels at HBM bandwidth and the cost of launching every kernel", p => p.ElementwiseSeconds),
        new("logits_s", "the output layer's GEMMs and the loss", p => p.LogitsSeconds),
        new("layer_communication_s", "tensor-, context- and expert-parallel traffic left exposed", p => p.LayerCommunicationSeconds),
        new("pipeline_bubble_s", "pipeline fill and drain: p - 1 chunk slots", p => p.PipelineBubbleSeconds),
        new("pipeline_send_s", "point-to-point sends between stages left exposed", p => p.PipelineSendSeconds),
        new("data_parallel_s", "gradient and parameter traffic left exposed, and the slowdown of what hides", p => p.DataParallelSeconds),
        new("optimizer_s", "the optimizer's update", p => p.OptimizerSeconds),
        new("synchronisation_s", "waiting for the slowest GPU at each step's collectives: grows with the log of the GPU count", p => p.SynchronisationSeconds),
        new("production_s", "what a production run adds to the tuned step (switch production=on): data loading, evaluation, stragglers", p => p.ProductionSeconds),
    ];
}
