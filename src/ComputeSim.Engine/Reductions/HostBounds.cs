using ComputeSim.Kernels;

namespace ComputeSim.Engine;

/// <summary>
/// The reductions' current pruning bounds as host arrays: what <see cref="DeviceReduction"/> uploads, and
/// an <see cref="IBoundData"/> itself, so the host can run the device's predicate (<see cref="KeepBounds.MayKeep"/>).
/// </summary>
public readonly struct HostBounds : IBoundData
{
    private HostBounds(ScoreTable[] tables, double[] thresholds, double[] frontDays, double[] frontCost, bool pareto, bool everyPoint)
    {
        Tables = tables;
        Thresholds = thresholds;
        FrontDaysArray = frontDays;
        FrontCostArray = frontCost;
        KeepsFront = pareto;
        NeedsEveryPoint = everyPoint;
    }

    /// <summary>The score tables.</summary>
    public ScoreTable[] Tables { get; }

    /// <summary>Their thresholds, concatenated.</summary>
    public double[] Thresholds { get; }

    /// <summary>The front's days, ascending.</summary>
    public double[] FrontDaysArray { get; }

    /// <summary>The front's costs, descending.</summary>
    public double[] FrontCostArray { get; }

    /// <summary>True if a reduction keeps a front.</summary>
    public bool KeepsFront { get; }

    /// <summary>True if a reduction has no bound a device can test: every admissible point must reach the host.</summary>
    public bool NeedsEveryPoint { get; }

    /// <inheritdoc />
    public int TableCount => Tables.Length;

    /// <inheritdoc />
    public ScoreTable Table(int i) => Tables[i];

    /// <inheritdoc />
    public double Threshold(int i) => Thresholds[i];

    /// <inheritdoc />
    public int FrontCount => FrontDaysArray.Length;

    /// <inheritdoc />
    public double FrontDays(int i) => FrontDaysArray[i];

    /// <inheritdoc />
    public double FrontCost(int i) => FrontCostArray[i];

    /// <inheritdoc />
    public int Pareto => KeepsFront ? 1 : 0;

    /// <summary>Collects the bounds of each reduction in turn (<see cref="IReduction.Bound"/>).</summary>
    public sealed class Builder
    {
        private readonly List<ScoreTable> _tables = [];
        private readonly List<double> _thresholds = [];
        private double[] _frontDays = [];
        private double[] _frontCost = [];
        private bool _pareto;
        private bool _everyPoint;

        /// <summary>A bound by score: a point may change the reduction only if it scores at most its slot's threshold.</summary>
        public void Table(ScoreSlot slot, ReadOnlySpan<double> thresholds, CellMap cells = default)
        {
            _tables.Add(new ScoreTable { Slot = slot, Offset = _thresholds.Count, Cells = cells });
            _thresholds.AddRange(thresholds);
        }

        /// <summary>A time–cost front (days ascending, cost descending): a point may join it unless a front point is no slower and strictly cheaper.</summary>
        public void Front(double[] days, double[] costUsd)
        {
            if (_pareto)
                throw new InvalidOperationException("one front per sweep");
            _pareto = true;
            _frontDays = days;
            _frontCost = costUsd;
        }

        /// <summary>Says a reduction needs every admissible point (no bound a device can test).</summary>
        public void EveryPoint() => _everyPoint = true;

        /// <summary>The bounds collected.</summary>
        public HostBounds Build() => new([.. _tables], [.. _thresholds], _frontDays, _frontCost, _pareto, _everyPoint);
    }
}
