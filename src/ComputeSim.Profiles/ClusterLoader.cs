using System.Globalization;
using System.Reflection;
using ComputeSim.Model;

namespace ComputeSim.Profiles;

/// <summary>Reads and validates cluster profiles with the strictness of hardware profiles.</summary>
public static class ClusterLoader
{
    private const string ResourcePrefix = "clusters/";
    private static readonly Lazy<IReadOnlyList<ClusterProfile>> Embedded = new(LoadEmbedded);

    /// <summary>The built-in cluster profiles.</summary>
    public static IReadOnlyList<ClusterProfile> All => Embedded.Value;

    /// <summary>The built-in cluster that hosts <paramref name="hardware"/>'s runs when none is named (its <c>reference_for</c> lists
    /// it), or null for hardware no cluster profile claims.</summary>
    public static ClusterProfile? ReferenceFor(string hardware) =>
        All.FirstOrDefault(c => c.File.ReferenceFor?.Contains(hardware, StringComparer.OrdinalIgnoreCase) == true);

    /// <summary>The cluster a job on <paramref name="hardware"/> runs on when none is named: the accelerators' one reference
    /// cluster, or <see cref="Defaults.Cluster"/> where they have none or several; <paramref name="why"/> says which.</summary>
    public static string DefaultFor(IReadOnlyCollection<string> hardware, out string why)
    {
        IReadOnlyList<string?> references = ReferencesOf(hardware);
        if (references is [string one])
        {
            why = $"the reference cluster of {string.Join(", ", hardware)}";
            return one;
        }
        why = references.Count == 1
            ? $"the default cluster: no cluster profile hosts {string.Join(", ", hardware)}"
            : $"the default cluster: the accelerators' reference clusters differ ({string.Join(", ", references.Select(r => r ?? "none"))})";
        return Defaults.Cluster;
    }

    /// <summary>The distinct reference clusters of <paramref name="hardware"/>, in order, null for hardware no profile claims; more than
    /// one means one cluster cannot be every accelerator's own.</summary>
    public static IReadOnlyList<string?> ReferencesOf(IReadOnlyCollection<string> hardware) =>
        [.. hardware.Select(h => ReferenceFor(h)?.Name).Distinct()];

    /// <summary>A built-in cluster by name, or a cluster file when <paramref name="nameOrPath"/> ends in .json.</summary>
    public static ClusterProfile Get(string nameOrPath)
    {
        string t = nameOrPath.Trim();
        if (t.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return Parse(ProfileLoader.ReadText(t, "cluster"), t, Path.GetFileNameWithoutExtension(t));
        return All.FirstOrDefault(c => string.Equals(c.Name, t, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException("cluster", $"unknown cluster '{t}'{DidYouMean.Suffix(t, All.Select(c => c.Name))}; known: {string.Join(", ", All.Select(c => c.Name))}, or a .json file");
    }

    /// <summary>Parses and validates cluster text; <paramref name="origin"/> names it in errors.</summary>
    public static ClusterProfile Parse(string json, string origin, string expectedName)
    {
        ClusterFile f = ProfileLoader.Deserialize<ClusterFile>(json, origin);
        void Fail(string field, string why) => throw new InputException(origin, $"field '{field}' {why}");
        void Range(string field, double v, double min, double max)
        {
            if (!(v > min && v <= max))
                Fail(field, $"is {v.ToString(CultureInfo.InvariantCulture)}, expected > {min} and <= {max}");
        }
        if (!ProfileLoader.NameRegex().IsMatch(f.Name) || f.Name != expectedName)
            Fail("name", $"is '{f.Name}'; it must be lower-case letters, digits and dashes, equal to the file name '{expectedName}'");
        if (string.IsNullOrWhiteSpace(f.Description))
            Fail("description", "is empty");
        Range("gpus_per_node", f.GpusPerNode, 0, 1024);
        Range("scale_out_gbit_per_s_per_gpu", f.ScaleOutGbitPerSPerGpu, 0, 1e5);
        Range("scale_out_efficiency", f.ScaleOutEfficiency, 0, 1);
        Range("scale_up_latency_us", f.ScaleUpLatencyUs, 0, 1e4);
        Range("scale_out_latency_us", f.ScaleOutLatencyUs, 0, 1e4);
        if (f.FailuresPer1000NodeDays is double rate)
            Range("failures_per_1000_node_days", rate, 0, 1000);
        if (f.StorageWriteGbPerSPerGpu is double storage)
            Range("storage_write_gb_per_s_per_gpu", storage, 0, 1e4);
        if (!TrainingSoftware.TryParse(f.Software, out Software software))
            throw new InputException(origin, $"field 'software' is '{f.Software}', expected one of {string.Join(", ", TrainingSoftware.Names)}");
        if (f.ReferenceFor is string[] hosted && (hosted.Length == 0 || hosted.Any(h => h is null || !ProfileLoader.NameRegex().IsMatch(h))))
            Fail("reference_for", "must list hardware profile names (lower-case letters, digits and dashes), or be left out");
        if (f.Sources.Length == 0 || f.Sources.Any(string.IsNullOrWhiteSpace))
            Fail("sources", "must list at least one non-empty source");
        CheckFitted(f, Fail, Range);
        return new ClusterProfile(f.Name, f, Spec(f, software, f.GpusPerNode, f.ScaleOutGbitPerSPerGpu));
    }

    /// <summary>The model's cluster for <paramref name="f"/> running <paramref name="software"/>, with any node size or bandwidth overridden, and its fitted constants applied.</summary>
    public static ClusterSpec Spec(ClusterFile f, Software software, int gpusPerNode, double scaleOutGbitPerSPerGpu)
    {
        ClusterSpec c = TrainingSoftware.Cluster(software, gpusPerNode, scaleOutGbitPerSPerGpu, f.ScaleOutEfficiency, f.ScaleUpLatencyUs * 1e-6, f.ScaleOutLatencyUs * 1e-6);
        return c with
        {
            FrameworkEfficiency = f.SustainedGemmShare ?? c.FrameworkEfficiency,
            GemmDepthOverhead = f.GemmDepthOverhead ?? c.GemmDepthOverhead,
            AttentionShare = f.AttentionShare ?? c.AttentionShare,
            ElementwiseTraffic = f.ElementwiseTraffic ?? c.ElementwiseTraffic,
            KernelOverheadSeconds = f.KernelOverheadUs is double us ? us * 1e-6 : c.KernelOverheadSeconds,
            ExpertImbalance = f.ExpertImbalance ?? c.ExpertImbalance,
            OverlapSlowdown = f.OverlapSlowdown ?? c.OverlapSlowdown,
            DenseKernelSeconds = f.DenseKernelUs is double dense ? dense * 1e-6 : c.DenseKernelSeconds,
        };
    }

    // Fitted constants: in range, and named by a calibration_source exactly when given.
    private static void CheckFitted(ClusterFile f, Action<string, string> fail, Action<string, double, double, double> range)
    {
        var fitted = new (string Field, double? Value, double Min, double Max)[]
        {
            ("sustained_gemm_share", f.SustainedGemmShare, 0, 2), ("gemm_depth_overhead", f.GemmDepthOverhead, 0, 1e4),
            ("attention_share", f.AttentionShare, 0, 10), ("elementwise_traffic", f.ElementwiseTraffic, 0, 100),
            ("kernel_overhead_us", f.KernelOverheadUs, 0, 1e4), ("expert_imbalance", f.ExpertImbalance, 0, 100),
            ("overlap_slowdown", f.OverlapSlowdown, 0, 10), ("dense_kernel_us", f.DenseKernelUs, 0, 1e4),
        };
        foreach (var (field, value, min, max) in fitted)
        {
            if (value is double v)
                range(field, v, min, max);
        }
        if (f.ExpertImbalance is < 1)
            fail("expert_imbalance", $"is {f.ExpertImbalance.Value.ToString(CultureInfo.InvariantCulture)}, expected at least 1");
        if (f.IsCalibrated && string.IsNullOrWhiteSpace(f.CalibrationSource))
            fail("calibration_source", "is missing or empty; fitted constants name the runs they come from");
        if (!f.IsCalibrated && f.CalibrationSource is not null)
            fail("calibration_source", "is given but no fitted constant is");
    }

    private static IReadOnlyList<ClusterProfile> LoadEmbedded()
    {
        Assembly assembly = typeof(ClusterLoader).Assembly;
        var list = new List<ClusterProfile>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            string file = resource[ResourcePrefix.Length..];
            list.Add(Parse(reader.ReadToEnd(), $"cluster-profiles/{file}", Path.GetFileNameWithoutExtension(file)));
        }
        return list.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }
}
