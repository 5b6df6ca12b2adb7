using ComputeSim.Model;
using CsCheck;

namespace ComputeSim.Tests.Model;

public class GridShapeTests
{
    [Fact]
    public void Decode_inverts_encode_for_every_index_of_a_small_grid()
    {
        var shape = new GridShape(2, 3, 1, 2, 5, 3, 7);
        var seen = new HashSet<(int, int, int, int, int, int, int)>();
        for (long i = 0; i < shape.Total; i++)
        {
            AxisIndices ix = shape.Decode(i);
            Assert.Equal(i, shape.Encode(ix));
            Assert.True(seen.Add((ix.Hardware, ix.Precision, ix.Utilization, ix.Price, ix.Params, ix.Tokens, ix.Gpus)));
        }
        Assert.Equal(2 * 3 * 2 * 5 * 3 * 7, seen.Count);
    }

    [Fact]
    public void Indices_past_2_pow_31_decode_correctly()
    {
        // 4 × 6 × 8 × 5 × 4096 × 512 × 18 ≈ 3.6e10 points: far past int range.
        var shape = new GridShape(4, 6, 8, 5, 4096, 512, 18);
        Assert.True(shape.Total > int.MaxValue * 10L);
        Gen.Long[0, shape.Total - 1].Sample(i =>
        {
            AxisIndices ix = shape.Decode(i);
            Assert.Equal(i, shape.Encode(ix));
            Assert.InRange(ix.Hardware, 0, 3);
            Assert.InRange(ix.Params, 0, 4095);
        }, iter: 5000);
        Assert.Equal(3, shape.Decode(shape.Total - 1).Hardware);
        Assert.Equal(17, shape.Decode(shape.Total - 1).Gpus);
    }

    [Fact]
    public void Next_row_steps_through_every_row_in_index_order()
    {
        var shape = new GridShape(2, 3, 2, 2, 5, 3, 7);
        AxisIndices ix = shape.Decode(0);
        for (long row = 1; row < shape.Total / shape.Gpus; row++)
        {
            // From any GPU position of a row: the next row starts at GPU position 0.
            ix = shape.NextRow(ix with { Gpus = (int)(row % shape.Gpus) });
            Assert.Equal(row * shape.Gpus, shape.Encode(ix));
        }
        Assert.Equal(shape.Total, shape.Encode(shape.NextRow(ix)));
    }

    [Fact]
    public void Offsets_partition_the_value_array()
    {
        var shape = new GridShape(2, 3, 4, 5, 6, 7, 8);
        int expected = 0;
        foreach (Axis axis in Enum.GetValues<Axis>())
        {
            Assert.Equal(expected, shape.Offset(axis));
            expected += shape.Length(axis);
        }
        Assert.Equal(expected, shape.ValueCount);
    }
}
