using System.Text.Json;
using ComputeSim.Engine.Validation;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Output;

/// <summary>Writes a cluster profile (the cluster-profiles/ format) with fitted constants, atomically.</summary>
internal static class ClusterProfileWriter
{
    /// <summary>Writes <paramref name="base"/> as <paramref name="name"/> to <paramref name="path"/>, with <paramref name="fitted"/> and where they come from.</summary>
    public static void Write(string path, string name, ClusterFile @base, CalibrationConstants fitted, string calibrationSource)
    {
        using AtomicFile file = AtomicFile.Create(path, "--out");
        using (var w = new Utf8JsonWriter(file.Stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("description", @base.Description.EndsWith(" (calibrated)", StringComparison.Ordinal) ? @base.Description : @base.Description + " (calibrated)");
            w.WriteNumber("gpus_per_node", @base.GpusPerNode);
            w.WriteNumber("scale_out_gbit_per_s_per_gpu", @base.ScaleOutGbitPerSPerGpu);
            w.WriteNumber("scale_out_efficiency", @base.ScaleOutEfficiency);
            w.WriteNumber("scale_up_latency_us", @base.ScaleUpLatencyUs);
            w.WriteNumber("scale_out_latency_us", @base.ScaleOutLatencyUs);
            w.WriteString("software", @base.Software);
            Nullable(w, "failures_per_1000_node_days", @base.FailuresPer1000NodeDays);
            Nullable(w, "storage_write_gb_per_s_per_gpu", @base.StorageWriteGbPerSPerGpu);
            w.WriteStartArray("sources");
            foreach (string s in @base.Sources)
                w.WriteStringValue(s);
            w.WriteEndArray();
            for (int i = 0; i < Calibrator.ConstantNames.Count; i++)
                w.WriteNumber(Calibrator.ConstantNames[i], fitted.Values[i]);
            w.WriteString("calibration_source", calibrationSource);
            w.WriteEndObject();
        }
        file.Commit();
    }

    private static void Nullable(Utf8JsonWriter w, string field, double? value)
    {
        if (value is double v)
            w.WriteNumber(field, v);
        else
            w.WriteNull(field);
    }
}
