using System.CommandLine;
using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Planning;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>compare</c>: the same job across GPU generations, side by side.</summary>
internal static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var job = new JobOptions();
        var parallel = new ParallelOptions(withShape: true);
        var hardware = new Option<string?>("--hardware") { Description = "Comma-separated profile names or .json profile files (default: every profile)" };
        var format = FormatOption.Create();
        var outputs = new CompareOutputs();
        var planning = new PlanningOptions();
        var view = new ViewOptions(CompareTable.Columns);
        Option<string?> priceSource = PriceSourceOption.Create();
        var command = new Command("compare", "The same job on each accelerator: time, cost, energy, GPUs needed to fit.\n"
            + "Example: computesim compare --model gpt3-175b --gpus 1024 --precision bf16 --plot compare.png --out compare.csv");
        job.AddTo(command);
        parallel.AddTo(command);
        command.Add(hardware);
        command.Add(priceSource);
        command.Add(format);
        outputs.AddTo(command);
        planning.AddTo(command);
        view.AddTo(command);
        command.SetAction(parse =>
        {
            TextView shown = view.Resolve(parse, ctx, FormatOption.IsJson(parse, format));
            outputs.Check(parse);
            CompareResult result = Simulator.Compare(new CompareRequest
            {
                Hardware = GridAxes.Hardware(parse.GetValue(hardware)),
                Job = job.ToRequest(parse, parallel.ExplicitShape(parse)),
                PricesByName = GridAxes.PricesByName(parse.GetValue(job.Price)),
                Layout = parallel.ToRequest(parse),
                Planning = planning.ToRequest(parse),
                PriceSource = parse.GetValue(priceSource),
            });
            // Notes wait until the input is known good: a refusal is one line.
            var notes = new StringWriter();
            foreach (string line in result.Notes)
                notes.WriteLine(line);
            (JobSettings settings, List<Estimate> estimates, IReadOnlyList<PlannedRun> plans, PlanningSettings plan, List<string> skipped) =
                (result.Settings, [.. result.Estimates], result.Plans, result.Planning, [.. result.Skipped]);
            outputs.Write(parse, settings, estimates);
            ctx.Err.Write(notes.ToString());
            if (FormatOption.IsJson(parse, format))
            {
                WriteJson(ctx.Out, estimates, plans, plan);
            }
            else
            {
                using var o = new FittedWriter(ctx.Out, shown);
                o.WriteLine(AnswerLine.Compare(settings.ModelName, [.. estimates.Select(e => e.Row)]));
                CompareTable.Write(o, settings, estimates, skipped, plans);
                o.WriteLine();
                PlanColumns.WriteNotes(o, plan);
            }
            return ExitCodes.Ok;
        });
        return command;
    }


    private static void WriteJson(TextWriter o, List<Estimate> estimates, IReadOnlyList<PlannedRun> plans, PlanningSettings plan)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            for (int i = 0; i < estimates.Count; i++)
                EstimateCommand.WriteJsonObject(w, estimates[i], null, (plans[i], plan));
            w.WriteEndArray();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
