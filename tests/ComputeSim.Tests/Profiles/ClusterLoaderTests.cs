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
}
