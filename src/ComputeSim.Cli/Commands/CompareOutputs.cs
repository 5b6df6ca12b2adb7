using System.CommandLine;
using ComputeSim.Cli.Output;

namespace ComputeSim.Cli.Commands;

/// <summary><c>compare</c>'s file outputs: the rows as a data file.</summary>
public sealed class CompareOutputs
{
    /// <summary>--out.</summary>
    public Option<string?> Out { get; } = new("--out") { Description = $"Also write the rows to FILE ({RowFileFormats.ExtensionList})" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command) => command.Add(Out);

    /// <summary>Checks the paths before anything is computed or written.</summary>
    public void Check(ParseResult parse)
    {
        if (parse.GetValue(Out) is string path)
            RowFileFormats.Of(path, "--out");
    }

    /// <summary>Writes whatever files were asked for.</summary>
    public void Write(ParseResult parse, IReadOnlyList<Estimate> estimates)
    {
        if (parse.GetValue(Out) is string path)
            RowFile.Write(path, "--out", estimates.Select((e, i) => e.Row with { Index = i }).ToList());
    }
}
