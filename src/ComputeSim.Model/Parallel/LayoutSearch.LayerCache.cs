namespace ComputeSim.Model;

public static partial class LayoutSearch
{
    /// <summary>Layer seconds per recomputation mode and sequence parallelism, computed when first needed (−1: not yet).</summary>
    private struct LayerTimes
    {
        private double _n0, _n1, _s0, _s1, _f0, _f1, _m0, _m1;
        private int _known;

        public readonly double Get(int rc, int sp) => (_known & (1 << (2 * rc + sp))) == 0 ? -1.0 : (rc * 2 + sp) switch
        {
            0 => _n0,
            1 => _n1,
            2 => _s0,
            3 => _s1,
            4 => _f0,
            5 => _f1,
            // Partial recomputation (3) is mixed from none and full, never kept itself; 8 and 9 are the MLP blocks' recomputation.
            8 => _m0,
            _ => _m1,
        };

        public void Set(int rc, int sp, double seconds)
        {
            switch (rc * 2 + sp)
            {
                case 0: _n0 = seconds; break;
                case 1: _n1 = seconds; break;
                case 2: _s0 = seconds; break;
                case 3: _s1 = seconds; break;
                case 4: _f0 = seconds; break;
                case 5: _f1 = seconds; break;
                case 8: _m0 = seconds; break;
                default: _m1 = seconds; break;
            }
            _known |= 1 << (2 * rc + sp);
        }
    }

    /// <summary>What the bounded search knows about one micro-batch under one t, c and e.</summary>
    private struct MicroBatchTimes
    {
        /// <summary>1 once <see cref="Logits"/> and <see cref="Fastest"/> are set.</summary>
        public int Known;
        /// <summary>Logit seconds.</summary>
        public double Logits;
        /// <summary>At most the layer seconds of any recomputation and sequence parallelism.</summary>
        public double Fastest;
        /// <summary>Layer seconds of each recomputation and sequence parallelism computed so far.</summary>
        public LayerTimes Layers;
    }

    /// <summary>
    /// Layer and logit seconds by micro-batch for the bases of one t, c and e: they depend on neither p nor d, and the
    /// enumeration visits the pipeline degrees of one t and c one after another, so those bases share them.
    /// </summary>
    private struct LayerTimeCache
    {
        private int _tp, _cp, _ep;
        private MicroBatchTimes _b1, _b2, _b4, _b8, _b16;

        /// <summary>Forgets everything unless <paramref name="baseLayout"/> has the t, c and e of the last base.</summary>
        public void Enter(in Layout baseLayout)
        {
            if (baseLayout.Tp == _tp && baseLayout.Context == _cp && baseLayout.Expert == _ep)
                return;
            _b1 = default;
            _b2 = default;
            _b4 = default;
            _b8 = default;
            _b16 = default;
            _tp = baseLayout.Tp;
            _cp = baseLayout.Context;
            _ep = baseLayout.Expert;
        }

        /// <summary>The slot of a micro-batch: log2 of a searched one, 0 for a fixed one (the only one then).</summary>
        public readonly int Slot(in Layout l, in LayoutSpace space) =>
            space.MicroBatch > 0 ? 0 : l.MicroBatch switch { 1 => 0, 2 => 1, 4 => 2, 8 => 3, _ => 4 };

        public readonly MicroBatchTimes Get(int slot) => slot switch { 0 => _b1, 1 => _b2, 2 => _b4, 3 => _b8, _ => _b16 };

        public void Set(int slot, in MicroBatchTimes times)
        {
            switch (slot)
            {
                case 0: _b1 = times; break;
                case 1: _b2 = times; break;
                case 2: _b4 = times; break;
                case 3: _b8 = times; break;
                default: _b16 = times; break;
            }
        }

        public void SetLayers(int slot, in LayerTimes layers)
        {
            MicroBatchTimes times = Get(slot);
            times.Layers = layers;
            Set(slot, times);
        }
    }
}
