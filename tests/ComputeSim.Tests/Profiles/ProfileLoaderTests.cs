using System.Text.Json.Nodes;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Tests.Profiles;

public class ProfileLoaderTests
{
    private static string ProfilesDir => Path.Combine(TestData.RepoRoot, "hardware-profiles");

    private static readonly string[] Required =
    [
        "v100-sxm2-16gb", "v100-sxm2-32gb", "v100-pcie-16gb", "v100-pcie-32gb", "a100-sxm4-40gb", "a100-sxm4-80gb",
        "a100-pcie-80gb", "h100-sxm5-80gb", "h100-pcie-80gb", "h200-sxm-141gb", "b200-sxm-192gb", "mi250x", "mi300x", "mi325x",
    ];

    [Fact]
    public void Every_file_loads_and_the_embedded_set_is_the_same()
    {
        string[] files = Directory.GetFiles(ProfilesDir, "*.json");
        var loaded = files.Select(ProfileLoader.LoadFile).Select(p => p.Name).Order().ToList();
        Assert.Equal(loaded, ProfileCatalog.All.Select(p => p.Name).Order());
        Assert.Subset(loaded.ToHashSet(), Required.ToHashSet());
    }

    [Fact]
    public void Datasheet_figures_reach_the_spec_in_si_units()
    {
        // NVIDIA V100 datasheet: SXM2 125 TFLOPS tensor, 900 GB/s; PCIe 112 TFLOPS. A100 datasheet: 312 TFLOPS BF16 dense.
        Assert.Equal(125e12, TestData.Spec("v100-sxm2-32gb").PeakFp16);
        Assert.Equal(32e9, TestData.Spec("v100-sxm2-32gb").MemoryBytes);
        Assert.Equal(900e9, TestData.Spec("v100-sxm2-32gb").MemoryBandwidthBytesPerSecond);
        Assert.Equal(112e12, TestData.Spec("v100-pcie-32gb").PeakFp16);
        Assert.Equal(312e12, TestData.Spec("a100-sxm4-80gb").PeakBf16);
        Assert.Equal(989.5e12, TestData.Spec("h100-sxm5-80gb").PeakBf16);
        // Seed: NVLink 300 GB/s vs PCIe 32 GB/s.
        Assert.Equal(300e9, TestData.Spec("v100-sxm2-16gb").LinkBandwidthBytesPerSecond);
        Assert.Equal(32e9, TestData.Spec("v100-pcie-16gb").LinkBandwidthBytesPerSecond);
    }

    [Fact]
    public void V100_has_no_bf16_tf32_or_fp8()
    {
        HardwareProfile v100 = ProfileCatalog.Get("v100-sxm2-32gb");
        Assert.False(v100.Supports(Precision.Bf16));
        Assert.False(v100.Supports(Precision.Tf32));
        Assert.False(v100.Supports(Precision.Fp8));
        Assert.True(v100.Supports(Precision.Fp16));
    }

    [Fact]
    public void Unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<InputException>(() => ProfileCatalog.Get("h900"));
        Assert.Contains("unknown hardware 'h900'", e.Message);
        Assert.Contains("a100-sxm4-80gb", e.Message);
    }

    private static JsonObject Valid() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ProfilesDir, "a100-sxm4-80gb.json")))!.AsObject();

    private static InputException Reject(string json, string stem = "a100-sxm4-80gb") =>
        Assert.Throws<InputException>(() => ProfileLoader.Parse(json, "x.json", stem));

    public static TheoryData<string, Action<JsonObject>, string> Mutations => new()
    {
        { "missing", o => o.Remove("memory_gb"), "memory_gb" },
        { "unknown", o => o["memory_gib"] = 80, "memory_gib" },
        { "type", o => o["memory_gb"] = "eighty", "memory_gb" },
        { "null", o => o["board_power_w"] = null, "board_power_w" },
        { "negative", o => o["memory_gb"] = -80, "memory_gb" },
        { "zero peak", o => o["peak_dense_tflops"]!["bf16"] = 0, "peak_dense_tflops.bf16" },
        { "huge", o => o["memory_bandwidth_gb_per_s"] = 1e12, "memory_bandwidth_gb_per_s" },
        { "name", o => o["name"] = "a100", "name" },
        { "name case", o => o["name"] = "A100-SXM4-80GB", "name" },
        { "link kind", o => o["scale_up_link"]!["kind"] = "carrier-pigeon", "scale_up_link.kind" },
        { "price source", o => o["price_source"] = null, "price_source" },
        { "price date", o => o["price_date"] = "last year", "price_date" },
        { "orphan source", o => { o["purchase_price_usd"] = null; }, "purchase_price_source" },
        { "price without class", o => o["price_class"] = null, "price_class" },
        { "price without provider", o => o["price_provider"] = null, "price_provider" },
        { "missing class", o => o.Remove("price_class"), "price_class" },
        { "unknown class", o => o["price_class"] = "cheap", "price_class" },
        { "hyperscaler that is not one", o => o["price_class"] = "hyperscaler-on-demand", "price_class" },
        { "neocloud that is a hyperscaler", o => o["price_provider"] = "AWS", "price_class" },
        { "class without price", o => { o["price_per_gpu_hour_usd"] = null; o["price_source"] = null; o["price_date"] = null; }, "price_class" },
        { "no sources", o => o["sources"] = new JsonArray(), "sources" },
        { "year", o => o["launch_year"] = 1850, "launch_year" },
        { "nested unknown", o => o["peak_dense_tflops"]!["int4"] = 1, "int4" },
        { "missing attention speed", o => o.Remove("flash_attention_2_speed"), "flash_attention_2_speed" },
        { "attention speed over 1", o => o["flash_attention_2_speed"] = 1.5, "flash_attention_2_speed" },
        { "attention speed without source", o => o["flash_attention_2_speed_source"] = null, "flash_attention_2_speed_source" },
        { "missing FP8 attention speed", o => o.Remove("fp8_attention_speed"), "fp8_attention_speed" },
        // The A100 has no FP8 tensor cores, so it has no FP8 attention to measure.
        { "FP8 attention without FP8", o => { o["fp8_attention_speed"] = 1.1; o["fp8_attention_speed_source"] = "a benchmark"; }, "fp8_attention_speed" },
        { "FP8 attention source without speed", o => o["fp8_attention_speed_source"] = "a benchmark", "fp8_attention_speed_source" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Each_rejection_names_the_file_and_the_field(string what, Action<JsonObject> mutate, string field)
    {
        JsonObject o = Valid();
        mutate(o);
        InputException e = Reject(o.ToJsonString());
        Assert.StartsWith("x.json:", e.Message);
        Assert.True(e.Message.Contains(field, StringComparison.Ordinal), $"{what}: '{e.Message}' does not name {field}");
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Every_price_names_its_class_and_every_hyperscaler_price_its_hyperscaler()
    {
        foreach (HardwareProfile p in ProfileCatalog.All.Where(p => p.HasPrice))
        {
            Assert.Contains(p.File.PriceClass, PriceClasses.All);
            // The class agrees with the source text: a hyperscaler is named in the price source.
            Assert.Contains(p.File.PriceProvider!.Split(' ')[0], p.File.PriceSource!, StringComparison.Ordinal);
        }
        Assert.Equal(("hyperscaler-on-demand", "AWS"), (ProfileCatalog.Get("a100-sxm4-40gb").File.PriceClass, ProfileCatalog.Get("a100-sxm4-40gb").File.PriceProvider));
        Assert.Equal("neocloud-on-demand", ProfileCatalog.Get("h100-sxm5-80gb").File.PriceClass);
        Assert.Equal("marketplace-on-demand", ProfileCatalog.Get("h100-pcie-80gb").File.PriceClass);
        Assert.Null(ProfileCatalog.Get("mi250x").File.PriceClass);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"name\": NaN}")]
    public void Malformed_json_is_a_one_line_error(string json)
    {
        InputException e = Reject(json);
        Assert.StartsWith("x.json:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Duplicate_keys_are_rejected()
    {
        string json = Valid().ToJsonString().Replace("\"memory_gb\":80", "\"memory_gb\":80,\"memory_gb\":40", StringComparison.Ordinal);
        Assert.Contains("memory_gb", json);
        Assert.Contains("duplicate", Reject(json).Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var e = Assert.Throws<InputException>(() => ProfileLoader.LoadFile("/no/such/profile.json"));
        Assert.StartsWith("/no/such/profile.json:", e.Message);
    }
}
