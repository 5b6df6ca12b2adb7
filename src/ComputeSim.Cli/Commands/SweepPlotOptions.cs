using System.CommandLine;
using ComputeSim.Cli.Plots;
using ComputeSim.Engine;

namespace ComputeSim.Cli.Commands;

/// <summary><c>sweep --plot FILE --plot-kind KIND</c>: what to draw, and the reduction it needs.</summary>
internal sealed class SweepPlotOptions
{
    /// <summary>Creates the options.</summary>
    public SweepPlotOptions() => Kind.AcceptOnlyFromAmong(SweepPlots.KindNames);

    /// <summary>--plot.</summary>
    public Option<string?> Plot { get; } = new("--plot") { Description = "Also draw a plot to FILE (.png or .svg)" };

    /// <summary>--plot-kind.</summary>
    public Option<string> Kind { get; } = new("--plot-kind")
    {
        Description = "heatmap: the objective's best value over params x GPUs; scaling: time to train vs cluster size, a line per accelerator; pareto: the time vs cost front",
        DefaultValueFactory = _ => SweepPlots.KindNames[0],
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(Plot);
        command.Add(Kind);
    }

    /// <summary>Checks the plot path before the sweep runs and adds the reduction the plot needs.</summary>
    public SweepOptions Prepare(ParseResult parse, SweepOptions options)
    {
        if (parse.GetValue(Plot) is not string path)
            return options;
        PlotFile.Check(path, Plot.Name);
        return SweepPlots.Needs(KindOf(parse), options);
    }

    /// <summary>Draws and writes the plot, if one was asked for; says so on <paramref name="note"/> unless it is null.</summary>
    public void Write(ParseResult parse, SweepProblem problem, SweepResult result, TextWriter? note)
    {
        if (parse.GetValue(Plot) is not string path)
            return;
        SweepPlotKind kind = KindOf(parse);
        PlotFile.Save(SweepPlots.Draw(kind, problem, result), path, Plot.Name);
        note?.WriteLine($"{SweepPlots.KindNames[(int)kind]} plot written to {path}");
    }

    private SweepPlotKind KindOf(ParseResult parse) => (SweepPlotKind)Array.IndexOf(SweepPlots.KindNames, parse.GetValue(Kind));
}
