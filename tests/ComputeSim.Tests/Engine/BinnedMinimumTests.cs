using ComputeSim.Engine;
using ComputeSim.Model;
using CsCheck;

namespace ComputeSim.Tests.Engine;

public sealed class BinnedMinimumTests
{
    /// <summary>Every cell as (row, column, best index, best score), for comparing grids.</summary>
    public static List<(int Row, int Column, long Index, double Score)> Cells(BinnedMinimum b)
    {
        var cells = new List<(int, int, long, double)>();
        for (int r = 0; r < b.Rows; r++)
        {
            for (int c = 0; c < b.Columns; c++)
                cells.Add((r, c, b.BestIndex(r, c), b.BestScore(r, c)));
        }
        return cells;
    }

    private static readonly GridShape Shape = new(hardware: 3, precision: 2, utilization: 1, price: 1, parameters: 700, tokens: 2, gpus: 5);

    [Fact]
    public void Each_cell_holds_the_minimum_of_the_points_whose_axis_values_fall_in_its_bins()
    {
        var spec = new BinSpec(Axis.Params, Axis.Hardware);
        var bins = new BinnedMinimum(Shape, spec);
        Assert.Equal(BinSpec.MaxBinsPerAxis, bins.Rows);
        Assert.Equal(3, bins.Columns);
        // Scores repeat, so ties are broken by index.
        static double Score(long i) => (i * 7919) % 101;
        for (long i = 0; i < Shape.Total; i++)
            bins.Add(i, Score(i));

        // Brute force from the decoded axis indices and the bins' first indices.
        for (int r = 0; r < bins.Rows; r++)
        {
            int from = bins.FirstRowIndex(r), to = r + 1 < bins.Rows ? bins.FirstRowIndex(r + 1) : Shape.Params;
            Assert.True(to > from);
            for (int c = 0; c < bins.Columns; c++)
            {
                var members = Enumerable.Range(0, (int)Shape.Total).Where(i =>
                {
                    AxisIndices ix = Shape.Decode(i);
                    return ix.Params >= from && ix.Params < to && ix.Hardware == c;
                });
                long best = members.OrderBy(i => Score(i)).ThenBy(i => i).First();
                Assert.Equal(best, bins.BestIndex(r, c));
                Assert.Equal(Score(best), bins.BestScore(r, c));
            }
        }
    }

    [Fact]
    public void Grids_of_any_split_merge_to_the_one_pass_grid()
    {
        var spec = new BinSpec(Axis.Gpus, Axis.Params);
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, (int)Shape.Total - 1].Array[0, 400], Gen.Int[0, 9].Array[400])
            .Sample((parts, indices, scores) =>
            {
                var whole = new BinnedMinimum(Shape, spec);
                var split = Enumerable.Range(0, parts).Select(_ => new BinnedMinimum(Shape, spec)).ToArray();
                for (int k = 0; k < indices.Length; k++)
                {
                    whole.Add(indices[k], scores[k]);
                    split[indices[k] % parts].Add(indices[k], scores[k]);
                }
                for (int p = parts - 1; p > 0; p--)
                    split[0].Merge(split[p]);
                return Cells(whole).SequenceEqual(Cells(split[0]));
            }, iter: 200);
    }

    [Fact]
    public void Empty_cells_say_so()
    {
        var bins = new BinnedMinimum(Shape, new BinSpec(Axis.Hardware, Axis.Gpus));
        Assert.All(Cells(bins), c => Assert.Equal((-1L, double.PositiveInfinity), (c.Index, c.Score)));
        Assert.Throws<ArgumentException>(() => new BinnedMinimum(Shape, new BinSpec(Axis.Gpus, Axis.Gpus)));
    }
}
