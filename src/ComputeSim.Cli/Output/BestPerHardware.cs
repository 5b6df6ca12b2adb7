using System.Collections;

namespace ComputeSim.Cli.Output;

/// <summary>The "best per accelerator" block that sweeps and plans print under their answer.</summary>
internal static class BestPerHardware
{
    /// <summary>
    /// Writes <paramref name="title"/>, the <paramref name="table"/> of the accelerators that have a best point, and
    /// a line naming those without one (after <paramref name="noneLabel"/>). Nothing for a single accelerator.
    /// </summary>
    /// <param name="o">Where to write.</param>
    /// <param name="title">The block's heading.</param>
    /// <param name="best">One entry per accelerator, null where it has no point.</param>
    /// <param name="names">Accelerator names, same order.</param>
    /// <param name="table">The table of the non-null entries.</param>
    /// <param name="noneLabel">What the line naming accelerators without a point starts with.</param>
    public static void Write(TextWriter o, string title, IList best, IReadOnlyList<string> names, TextTable table, string noneLabel)
    {
        if (names.Count <= 1)
            return;
        o.WriteLine();
        o.WriteLine(title);
        table.Write(o);
        var none = names.Where((_, h) => best[h] is null).ToList();
        if (none.Count > 0)
            o.WriteLine($"{noneLabel}: {string.Join(", ", none)}");
    }
}
