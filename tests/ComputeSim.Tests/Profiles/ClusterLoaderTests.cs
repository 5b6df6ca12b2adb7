using System.Text.Json.Nodes;
using ComputeSim.Model;
using ComputeSim.Profiles;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Profiles;

public class ClusterLoaderTests
{
    private static string Dir => Path.Combine(TestData.RepoRoot, "cluster-profiles");

    [Fact]
    public void Every_file_loads_and_matches_the_embedded_set()
    {
        var names = Directory.GetFiles(Dir, "*.json").Select(f => ClusterLoader.Get(f).Name).Order().ToList();
        Assert.Equal(names, ClusterLoader.All.Select(c => c.Name).Order());
        Assert.Contains("selene", names);
    }

    [Fact]
    public void Selene_is_200_gbit_per_gpu_at_measured_efficiency()
    {
        ClusterSpec s = TestData.Cluster("selene");
        // NCCL issue #812: 192 GB/s per 8-GPU node = 24 GB/s per GPU.
        Assert.Equal(24e9, s.ScaleOutBytesPerSecond, 1e6);
        Assert.Equal(8, s.GpusPerNode);
        Assert.Equal(0.0, s.DpOverlap);
        Assert.Equal(1, TestData.Cluster("mosaic-h100").FlashAttention);
    }

    public static TheoryData<Action<JsonObject>, string> Mutations => new()
    {
        { o => o.Remove("gpus_per_node"), "gpus_per_node" },
        { o => o["gpus_per_node"] = 0, "gpus_per_node" },
        { o => o["scale_out_efficiency"] = 1.5, "scale_out_efficiency" },
        { o => o["software"] = "jax", "software" },
        { o => o["bandwidth"] = 1, "bandwidth" },
        { o => o["name"] = "other", "name" },
        { o => o["sources"] = new JsonArray(), "sources" },
        { o => o.Remove("failures_per_1000_node_days"), "failures_per_1000_node_days" },
        { o => o["failures_per_1000_node_days"] = -1, "failures_per_1000_node_days" },
        { o => o["storage_write_gb_per_s_per_gpu"] = "fast", "storage_write_gb_per_s_per_gpu" },
        { o => o["storage_write_gb_per_s_per_gpu"] = 0, "storage_write_gb_per_s_per_gpu" },
        { o => o["reference_for"] = new JsonArray(), "reference_for" },
        { o => o["reference_for"] = new JsonArray("A100 SXM"), "reference_for" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Rejections_name_the_file_and_field(Action<JsonObject> mutate, string field)
    {
        JsonObject o = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "selene.json")))!.AsObject();
        mutate(o);
        var e = Assert.Throws<InputException>(() => ClusterLoader.Parse(o.ToJsonString(), "c.json", "selene"));
        Assert.StartsWith("c.json:", e.Message);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void The_cluster_flag_changes_the_prediction_and_flags_override_it()
    {
        string[] job = ["estimate", "--model", "gpt3-13b", "--hardware", "a100-sxm4-80gb", "--gpus", "512", "--precision", "bf16"];
        double Days(params string[] extra) => CliRun.Json([.. job, .. extra]).GetProperty("wall_clock_days").GetDouble();
        double slow = Days("--cluster", "jean-zay-a100");
        double fast = Days("--cluster", "dgx-h100-ndr400");
        Assert.True(slow > fast);
        // Jean Zay with DGX H100's network and software (Megatron-Core) is DGX H100: the flags override the cluster's figures.
        Assert.Equal(fast, Days("--cluster", "jean-zay-a100", "--scale-out-gbps", "400", "--software", "megatron-core"), fast * 1e-12);
        CliRun.Of([.. job, "--cluster", "nowhere"]).AssertBadInput("--cluster");
        Assert.Contains("selene", CliRun.Of("profiles", "clusters").Out);
        Assert.Equal(0, CliRun.Of("profiles", "validate", Path.Combine(Dir, "selene.json")).ExitCode);
    }

    [Fact]
    public void Each_accelerator_has_at_most_one_reference_cluster_and_each_named_accelerator_exists()
    {
        var hosted = ClusterLoader.All.SelectMany(c => (c.File.ReferenceFor ?? []).Select(h => (Hardware: h, Cluster: c.Name))).ToList();
        Assert.All(hosted, x => ProfileCatalog.Get(x.Hardware));
        Assert.Equal(hosted.Count, hosted.Select(x => x.Hardware).Distinct().Count());
        // The vendors' reference systems: NVL72 racks for the Grace Blackwell parts, HDR 200 Gb/s DGX A100 nodes for A100.
        Assert.Equal("gb200-nvl72", ClusterLoader.ReferenceFor("gb200-186gb")?.Name);
        Assert.Equal("gb300-nvl72", ClusterLoader.ReferenceFor("gb300-279gb")?.Name);
        Assert.Equal("dgx-a100-hdr200", ClusterLoader.ReferenceFor("a100-sxm4-80gb")?.Name);
        Assert.Equal("amd-mi300x-400g", ClusterLoader.ReferenceFor("mi300x")?.Name);
        Assert.Null(ClusterLoader.ReferenceFor("v100-sxm2-32gb"));
    }

    [Fact]
    public void The_default_cluster_follows_the_accelerator_and_a_shared_grid_falls_back_to_one()
    {
        Assert.Equal("gb200-nvl72", ClusterLoader.DefaultFor(["gb200-186gb"], out string why));
        Assert.Contains("reference cluster of gb200-186gb", why);
        Assert.Equal("dgx-h100-ndr400", ClusterLoader.DefaultFor(["h100-sxm5-80gb", "h200-sxm-141gb"], out _));
        Assert.Equal(Defaults.Cluster, ClusterLoader.DefaultFor(["gb200-186gb", "a100-sxm4-80gb"], out why));
        Assert.Contains("differ (gb200-nvl72, dgx-a100-hdr200)", why);
        Assert.Equal(Defaults.Cluster, ClusterLoader.DefaultFor(["v100-sxm2-32gb"], out why));
        Assert.Contains("no cluster profile hosts v100-sxm2-32gb", why);
    }

    [Fact]
    public void An_estimate_without_a_cluster_runs_on_its_accelerators_reference_cluster()
    {
        // 72 GB200 share one NVLink domain in an NVL72 rack, not 8 as in a DGX H100 node: without --cluster, a GB200 estimate is
        // priced on the rack, and says so.
        string[] job = ["estimate", "--model", "llama3.1-405b", "--tokens", "1T", "--hardware", "gb200-186gb", "--gpus", "2048", "--precision", "fp8"];
        double Mfu(params string[] extra) => CliRun.Json([.. job, .. extra]).GetProperty("utilization").GetDouble();
        double rack = Mfu("--cluster", "gb200-nvl72");
        Assert.Equal(rack, Mfu(), 1e-12);
        Assert.True(rack > Mfu("--cluster", "dgx-h100-ndr400") * 1.02);
        Assert.Contains("cluster: gb200-nvl72 (the reference cluster of gb200-186gb; --cluster changes it)", CliRun.Of(job).Out.Replace("\n", " "));
        Assert.Equal("gb200-nvl72", CliRun.Json(job).GetProperty("cluster").GetString());
        Assert.Equal("dgx-h100-ndr400", CliRun.Json([.. job, "--cluster", "dgx-h100-ndr400"]).GetProperty("cluster").GetString());
    }

    [Fact]
    public void Compare_and_sweep_run_each_accelerator_on_its_own_reference_cluster()
    {
        string[] job = ["--model", "llama3-70b", "--tokens", "1T", "--gpus", "512", "--precision", "bf16"];
        var rows = CliRun.Json(["compare", .. job, "--hardware", "h100-sxm5-80gb,gb200-186gb"]).EnumerateArray()
            .ToDictionary(r => r.GetProperty("hardware").GetString()!, r => r.GetProperty("cluster").GetString());
        Assert.Equal("dgx-h100-ndr400", rows["h100-sxm5-80gb"]);
        Assert.Equal("gb200-nvl72", rows["gb200-186gb"]);
        // A sweep's GB200 point is the GB200 estimate on its rack, not on the H100's 8-GPU nodes.
        string[] point = ["--params", "70B", "--tokens", "1T", "--gpus", "512", "--precision", "bf16", "--price-per-gpu-hour", "3"];
        var sweep = CliRun.Of(["sweep", "--predict", .. point, "--hardware", "h100-sxm5-80gb,gb200-186gb", "--format", "json"]);
        Assert.Equal(0, sweep.ExitCode);
        Assert.Contains("each accelerator runs on its reference cluster (h100-sxm5-80gb on dgx-h100-ndr400, gb200-186gb on gb200-nvl72)", sweep.Err);
        double Days(System.Text.Json.JsonElement e) => e.GetProperty("wall_clock_days").GetDouble();
        var best = System.Text.Json.JsonDocument.Parse(sweep.Out).RootElement.GetProperty("best_per_hardware").EnumerateArray()
            .ToDictionary(r => r.GetProperty("hardware").GetString()!, Days);
        Assert.Equal(Days(CliRun.Json(["estimate", .. point, "--hardware", "gb200-186gb"])), best["gb200-186gb"], 1e-9);
        double onNodes = Days(CliRun.Json(["estimate", .. point, "--hardware", "gb200-186gb", "--cluster", "dgx-h100-ndr400"]));
        Assert.True(Math.Abs(onNodes / best["gb200-186gb"] - 1) > 1e-3, $"the rack and the nodes give {best["gb200-186gb"]} and {onNodes} days");
        Assert.Equal(Days(CliRun.Json(["estimate", .. point, "--hardware", "h100-sxm5-80gb"])), best["h100-sxm5-80gb"], 1e-9);
    }
}
