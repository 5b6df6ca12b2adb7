namespace ComputeSim.Model;

/// <summary>Failures, checkpoints and restarts: how much of a run's wall-clock time trains the model.</summary>
/// <remarks>
/// Young 1974 and Daly 2006 give the checkpoint interval that minimises expected run time under
/// Poisson failures; Kokolis et al. 2025 (Meta, "Revisiting Reliability in Large-Scale ML Research
/// Clusters", HPCA) give the expected effective-training-time ratio (ETTR). Kernel-safe.
/// </remarks>
public static class Goodput
{
    /// <summary>Seconds per day, for rates given per node-day.</summary>
    private const double SecondsPerDay = TrainingCost.SecondsPerDay;

    /// <summary>Mean time between failures of a job on <paramref name="nodes"/> nodes, s: failures are independent per node.</summary>
    /// <param name="nodes">Nodes the job spans.</param>
    /// <param name="failuresPerNodeDay">Failure rate per node-day (Meta RSC-1: 6.50 per 1,000 node-days).</param>
    public static double JobMtbfSeconds(double nodes, double failuresPerNodeDay) =>
        SecondsPerDay / (nodes * failuresPerNodeDay);

    /// <summary>Nodes a job of <paramref name="gpus"/> GPUs spans: a partly used node still fails like a whole one.</summary>
    public static double Nodes(double gpus, double gpusPerNode) => Math.Ceiling(gpus / gpusPerNode);

    /// <summary>Seconds to write a checkpoint of <paramref name="stateBytes"/> at an aggregate <paramref name="bytesPerSecond"/>.</summary>
    public static double CheckpointWriteSeconds(double stateBytes, double bytesPerSecond) => stateBytes / bytesPerSecond;

    /// <summary>Young 1974: τ = sqrt(2·δ·M).</summary>
    /// <param name="checkpointSeconds">δ, the time to write one checkpoint.</param>
    /// <param name="mtbfSeconds">M, the mean time between failures.</param>
    public static double YoungIntervalSeconds(double checkpointSeconds, double mtbfSeconds) =>
        Math.Sqrt(2.0 * checkpointSeconds * mtbfSeconds);

    /// <summary>
    /// Daly 2006 Eq. 37: τ = sqrt(2δM)·[1 + (1/3)·sqrt(δ/2M) + (1/9)·(δ/2M)] − δ for δ &lt; 2M, else τ = M.
    /// </summary>
    /// <remarks>Daly, "A higher order estimate of the optimum checkpoint interval for restart dumps",
    /// FGCS 22 (2006). Tests: the paper's Fig. 3–5 optima (117, 57, 9.1 min) to their printed digits.</remarks>
    public static double DalyIntervalSeconds(double checkpointSeconds, double mtbfSeconds)
    {
        if (checkpointSeconds >= 2.0 * mtbfSeconds)
            return mtbfSeconds;
        double x = checkpointSeconds / (2.0 * mtbfSeconds);
        return Math.Sqrt(2.0 * checkpointSeconds * mtbfSeconds) * (1.0 + Math.Sqrt(x) / 3.0 + x / 9.0) - checkpointSeconds;
    }

    /// <summary>
    /// Expected ETTR, Kokolis et al. 2025 §V: (1 − N·r_f·(u0 + Δt/2)) / (1 + w/Δt), floored at 0.
    /// </summary>
    /// <remarks>Each failure costs the restart overhead u0 plus, on average, half an interval of lost
    /// work; each interval pays a blocking write w. The approximation holds while failures are rare
    /// within an interval; 0 means the job makes no progress (the time becomes +Infinity).</remarks>
    /// <param name="failuresPerSecond">N·r_f, the job's failure rate (1 / MTBF).</param>
    /// <param name="restartSeconds">u0: detection, rescheduling, reloading the checkpoint.</param>
    /// <param name="intervalSeconds">Δt between checkpoints.</param>
    /// <param name="writeSeconds">w: training paused per checkpoint.</param>
    public static double Ettr(double failuresPerSecond, double restartSeconds, double intervalSeconds, double writeSeconds)
    {
        // No failures means an infinite interval: no loss and no writes (and no 0 × ∞).
        if (failuresPerSecond <= 0.0)
            return 1.0;
        double productive = 1.0 - failuresPerSecond * (restartSeconds + intervalSeconds / 2.0);
        return Math.Max(0.0, productive) / (1.0 + writeSeconds / intervalSeconds);
    }
}
