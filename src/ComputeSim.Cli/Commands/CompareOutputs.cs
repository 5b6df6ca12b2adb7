using System.CommandLine;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Plots;
using ComputeSim.Io;

namespace ComputeSim.Cli.Commands;

/// <summary><c>compare</c>'s file outputs: the rows as a data file, and a bar chart.</summary>
internal sealed class CompareOutputs
{
    /// <summary>--out.</summary>
    public Option<string?> Out { get; } = new("--out") { Description = $"Also write the rows to FILE ({RowFileFormats.ExtensionList})" };

    /// <summary>--plot.</summary>
    public Option<string?> Plot { get; } = new("--plot") { Description = "Also draw a bar chart of time and cost per accelerator to FILE (.png or .svg)" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(Out);
        command.Add(Plot);
    }

    /// <summary>Checks the paths before anything is computed or written.</summary>
    public void Check(ParseResult parse)
    {
        if (parse.GetValue(Out) is string path)
        {
            RowFileFormats.Of(path, Out.Name);
            OutputTarget.Check(path, Out.Name);
        }
        if (parse.GetValue(Plot) is string plot)
            PlotFile.Check(plot, Plot.Name);
    }

    /// <summary>Writes whatever files were asked for.</summary>
    public void Write(ParseResult parse, JobSettings settings, IReadOnlyList<Estimate> estimates)
    {
        if (parse.GetValue(Out) is string path)
            RowFile.Write(path, Out.Name, estimates.Select((e, i) => e.Row with { Index = i }).ToList());
        if (parse.GetValue(Plot) is string plot)
            PlotFile.Save(ComparePlot.Draw(settings, estimates), plot, Plot.Name);
    }
}
