namespace ComputeSim.Model;

/// <summary>Lengths of the seven axes and the 64-bit index ↔ axis-indices mapping.</summary>
/// <remarks>Plain fields (no arrays) so the struct can be a kernel parameter.</remarks>
public readonly struct GridShape
{
    /// <summary>Creates a shape; every length must be at least 1 (checked by the grid builder).</summary>
    public GridShape(int hardware, int precision, int utilization, int price, int parameters, int tokens, int gpus)
    {
        Hardware = hardware;
        Precision = precision;
        Utilization = utilization;
        Price = price;
        Params = parameters;
        Tokens = tokens;
        Gpus = gpus;
    }

    /// <summary>Length of the hardware axis.</summary>
    public int Hardware { get; }
    /// <summary>Length of the precision axis.</summary>
    public int Precision { get; }
    /// <summary>Length of the utilisation axis.</summary>
    public int Utilization { get; }
    /// <summary>Length of the price axis.</summary>
    public int Price { get; }
    /// <summary>Length of the params axis.</summary>
    public int Params { get; }
    /// <summary>Length of the tokens axis.</summary>
    public int Tokens { get; }
    /// <summary>Length of the GPUs axis.</summary>
    public int Gpus { get; }

    /// <summary>Points in the grid (the product of the lengths).</summary>
    public long Total => (long)Hardware * Precision * Utilization * Price * Params * Tokens * Gpus;

    /// <summary>Points sharing one hardware index: the stride of the slowest axis.</summary>
    public long PointsPerHardware => (long)Precision * Utilization * Price * Params * Tokens * Gpus;

    /// <summary>Splits a flat index into axis indices (GPUs fastest, hardware slowest).</summary>
    public AxisIndices Decode(long index)
    {
        // One division per axis: the remainder comes from the quotient (a second % would divide again).
        long rest = index;
        long q = rest / Gpus;
        int gpus = (int)(rest - q * Gpus);
        rest = q;
        q = rest / Tokens;
        int tokens = (int)(rest - q * Tokens);
        rest = q;
        q = rest / Params;
        int parameters = (int)(rest - q * Params);
        rest = q;
        q = rest / Price;
        int price = (int)(rest - q * Price);
        rest = q;
        q = rest / Utilization;
        int utilization = (int)(rest - q * Utilization);
        rest = q;
        q = rest / Precision;
        int precision = (int)(rest - q * Precision);
        return new AxisIndices
        {
            Hardware = (int)q,
            Precision = precision,
            Utilization = utilization,
            Price = price,
            Params = parameters,
            Tokens = tokens,
            Gpus = gpus,
        };
    }

    /// <summary>Inverse of <see cref="Decode"/>.</summary>
    public long Encode(in AxisIndices ix) =>
        (((((((long)ix.Hardware * Precision + ix.Precision) * Utilization + ix.Utilization) * Price + ix.Price)
            * Params + ix.Params) * Tokens + ix.Tokens) * Gpus) + ix.Gpus;

    /// <summary>
    /// The first point of the row after <paramref name="ix"/>'s (a row: the points that differ only in GPUs):
    /// tokens fastest, then params, price, utilisation, precision, hardware. Row walkers step with it instead of decoding.
    /// </summary>
    public AxisIndices NextRow(in AxisIndices ix)
    {
        if (ix.Tokens + 1 < Tokens)
            return ix with { Tokens = ix.Tokens + 1, Gpus = 0 };
        if (ix.Params + 1 < Params)
            return ix with { Tokens = 0, Params = ix.Params + 1, Gpus = 0 };
        if (ix.Price + 1 < Price)
            return ix with { Tokens = 0, Params = 0, Price = ix.Price + 1, Gpus = 0 };
        if (ix.Utilization + 1 < Utilization)
            return ix with { Tokens = 0, Params = 0, Price = 0, Utilization = ix.Utilization + 1, Gpus = 0 };
        if (ix.Precision + 1 < Precision)
            return ix with { Tokens = 0, Params = 0, Price = 0, Utilization = 0, Precision = ix.Precision + 1, Gpus = 0 };
        return new AxisIndices { Hardware = ix.Hardware + 1 };
    }

    /// <summary>Offset of an axis's first value in the concatenated axis-value array.</summary>
    public int Offset(Axis axis) => axis switch
    {
        Axis.Hardware => 0,
        Axis.Precision => Hardware,
        Axis.Utilization => Hardware + Precision,
        Axis.Price => Hardware + Precision + Utilization,
        Axis.Params => Hardware + Precision + Utilization + Price,
        Axis.Tokens => Hardware + Precision + Utilization + Price + Params,
        _ => Hardware + Precision + Utilization + Price + Params + Tokens,
    };

    /// <summary>Length of the concatenated axis-value array.</summary>
    public int ValueCount => Hardware + Precision + Utilization + Price + Params + Tokens + Gpus;

    /// <summary>Length of one axis.</summary>
    public int Length(Axis axis) => axis switch
    {
        Axis.Hardware => Hardware,
        Axis.Precision => Precision,
        Axis.Utilization => Utilization,
        Axis.Price => Price,
        Axis.Params => Params,
        Axis.Tokens => Tokens,
        _ => Gpus,
    };
}
