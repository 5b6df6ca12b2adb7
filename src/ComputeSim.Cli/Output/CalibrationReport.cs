using System.Globalization;
using System.Text.Json;
using ComputeSim.Cli.Commands;
using ComputeSim.Engine.Validation;

namespace ComputeSim.Cli.Output;

/// <summary>What <c>calibrate</c> prints: the constants before and after, each run's errors, and the mean errors; as text or one JSON object.</summary>
/// <param name="Cluster">The cluster's profile name.</param>
/// <param name="Fit">The fit.</param>
internal sealed record CalibrationReport(string Cluster, ClusterCalibrationResult Fit)
{
    /// <summary>Mean |relative error| before the fit, after it, and out of sample (NaN where there is none).</summary>
    public (double Before, double After, double LeaveOneOut) MeanAbsErrors =>
        (ClusterCalibration.MeanAbsError(Fit.Before), ClusterCalibration.MeanAbsError(Fit.After), ClusterCalibration.MeanAbsError(Fit.LeaveOneOut));

    /// <summary>One line: the three mean errors.</summary>
    public string Summary
    {
        get
        {
            var (before, after, held) = MeanAbsErrors;
            return $"mean |error| {Pct(before)} before, {Pct(after)} after, {Pct(held)} leave-one-out";
        }
    }

    /// <summary>The report as tables.</summary>
    public void WriteText(TextWriter o)
    {
        o.WriteLine($"calibrating cluster {Cluster} on {Fit.After.Count} runs; fitted: {string.Join(", ", Fit.Free.Select(i => Calibrator.ConstantNames[i]))}");
        o.WriteLine();
        var c = new TextTable("constant", "before", "after", "fitted");
        for (int i = 0; i < Calibrator.ConstantNames.Count; i++)
            c.Add(Calibrator.ConstantNames[i], Num(Fit.Start.Values[i]), Num(Fit.Fitted.Values[i]), Fit.Free.Contains(i) ? "yes" : "no (kept)");
        c.Write(o);
        o.WriteLine();
        var t = new TextTable("run", "metric", "measured", "before", "after", "error_before", "error_after", "leave_one_out_error");
        for (int i = 0; i < Fit.After.Count; i++)
        {
            ValidationRow before = Fit.Before[i], after = Fit.After[i];
            t.Add(after.Run.Name, ValidateCommand.Unit(after.Run.Metric), Format.Human(after.Run.Published), Format.Human(before.Predicted), Format.Human(after.Predicted),
                Error(before), Error(after), Fit.LeaveOneOut.Count > i ? Error(Fit.LeaveOneOut[i]) : "-");
        }
        t.Write(o);
        o.WriteLine();
        o.WriteLine($"{Summary} (leave-one-out: each run predicted by a fit to the others)");
    }

    /// <summary>The report as one object; <paramref name="written"/> is the profile file, or null when none was written.</summary>
    public void WriteJson(TextWriter o, string? written)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("cluster", Cluster);
            w.WriteStartObject("constants");
            for (int i = 0; i < Calibrator.ConstantNames.Count; i++)
            {
                w.WriteStartObject(Calibrator.ConstantNames[i]);
                w.WriteNumber("before", Fit.Start.Values[i]);
                w.WriteNumber("after", Fit.Fitted.Values[i]);
                w.WriteBoolean("fitted", Fit.Free.Contains(i));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("runs");
            for (int i = 0; i < Fit.After.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("run", Fit.After[i].Run.Name);
                w.WriteString("metric", ValidateCommand.Unit(Fit.After[i].Run.Metric));
                JsonRows.WriteValue(w, "measured", Fit.After[i].Run.Published);
                JsonRows.WriteValue(w, "before", Fit.Before[i].Predicted);
                JsonRows.WriteValue(w, "after", Fit.After[i].Predicted);
                JsonRows.WriteValue(w, "leave_one_out", Fit.LeaveOneOut.Count > i ? Fit.LeaveOneOut[i].Predicted : double.NaN);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            var (before, after, held) = MeanAbsErrors;
            JsonRows.WriteValue(w, "mean_abs_error_before", before);
            JsonRows.WriteValue(w, "mean_abs_error_after", after);
            JsonRows.WriteValue(w, "mean_abs_error_leave_one_out", held);
            JsonRows.WriteValue(w, "profile_file", written);
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string Error(ValidationRow r) => double.IsFinite(r.Predicted) ? Format.Percent(r.RelativeError) : "no fit";

    private static string Pct(double f) => double.IsNaN(f) ? "-" : (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Num(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
