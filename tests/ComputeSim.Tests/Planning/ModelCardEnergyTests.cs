using System.Text.Json;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Planning;

/// <summary>
/// <c>estimate --gpu-hours</c> (and <c>--days --gpus</c>) against published model cards, each at the
/// card's own convention: GPU power × PUE (<c>--energy-scope gpu</c>) and the card's grid intensity.
/// </summary>
public class ModelCardEnergyTests
{
    private static JsonElement Usage(params string[] args) => CliRun.Json(["estimate", "--energy-scope", "gpu", .. args]);

    private static void Within(double published, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual / published - 1) <= tolerance, $"{what}: published {published}, computesim {actual}, tolerance {tolerance:P2}");

    /// <summary>
    /// Touvron et al. 2023, "Llama 2", Table 2 (and the Llama 2 model card, MODEL_CARD.md): A100-80GB at
    /// "peak power capacity per GPU device ... adjusted for power usage efficiency" — 400 W for 7B, 13B and 70B,
    /// 350 W for 34B; 184,320 / 368,640 / 1,038,336 / 1,720,320 GPU-hours; 31.22 / 62.44 / 153.90 / 291.42
    /// tCO2eq, 539.00 in all. The card's PUE and grid are LLaMA's (Touvron et al. 2023a, §6.2): PUE 1.1 and
    /// the US national average 0.385 kgCO2e/kWh. Tolerance 0.05%: the figures are printed to 4–5 digits.
    /// </summary>
    [Theory]
    [InlineData("184320", "400", 31.22)]
    [InlineData("368640", "400", 62.44)]
    [InlineData("1038336", "350", 153.90)]
    [InlineData("1720320", "400", 291.42)]
    public void Llama_2_per_model_carbon(string gpuHours, string watts, double tonnes)
    {
        JsonElement j = Usage("--gpu-hours", gpuHours, "--hardware", "a100-sxm4-80gb", "--board-power-w", watts, "--pue", "1.1", "--grid-gco2e-per-kwh", "385");
        Within(tonnes, j.GetProperty("co2e_t").GetDouble(), 5e-4, $"Llama 2, {gpuHours} GPU-hours");
    }

    /// <summary>Llama 2 model card: 3,311,616 GPU-hours, 539 tCO2eq in total (the sum of the rows above). Tolerance 0.05%.</summary>
    [Fact]
    public void Llama_2_total_carbon()
    {
        // The 400 W models (7B, 13B, 70B) together, then the 350 W 34B model.
        double at400 = Usage("--gpu-hours", "2273280", "--hardware", "a100-sxm4-80gb", "--pue", "1.1", "--grid-gco2e-per-kwh", "385").GetProperty("co2e_t").GetDouble();
        double at350 = Usage("--gpu-hours", "1038336", "--hardware", "a100-sxm4-80gb", "--board-power-w", "350", "--pue", "1.1", "--grid-gco2e-per-kwh", "385").GetProperty("co2e_t").GetDouble();
        Within(539.0, at400 + at350, 5e-4, "Llama 2 total");
    }

    /// <summary>
    /// Luccioni et al. 2022, "Estimating the Carbon Footprint of BLOOM", Tables 1–2: 1,082,990 A100 GPU-hours
    /// × 400 W TDP = 433,196 kWh of dynamic energy (GPUs only, no PUE), × 57 gCO2e/kWh (French grid) = 24.7 t.
    /// Tolerance 0.2%: 24.7 has 3 significant figures.
    /// </summary>
    [Fact]
    public void Bloom_dynamic_energy_and_carbon()
    {
        JsonElement j = Usage("--gpu-hours", "1082990", "--hardware", "a100-sxm4-80gb", "--pue", "1", "--grid-gco2e-per-kwh", "57");
        Within(433.196, j.GetProperty("energy_mwh").GetDouble(), 1e-5, "BLOOM energy");
        Within(24.7, j.GetProperty("co2e_t").GetDouble(), 2e-3, "BLOOM carbon");
    }

    /// <summary>
    /// OPT-175B as normalised by Touvron et al. 2023a ("LLaMA"), Table 15: 809,472 A100-80GB GPU-hours at 400 W,
    /// 356 MWh, 137 tCO2eq, at LLaMA's PUE 1.1 and 0.385 kgCO2e/kWh. Tolerance 0.4%: both printed to 3 digits.
    /// </summary>
    [Fact]
    public void Opt_175b_energy_and_carbon()
    {
        JsonElement j = Usage("--gpu-hours", "809472", "--hardware", "a100-sxm4-80gb", "--pue", "1.1", "--grid-gco2e-per-kwh", "385");
        Within(356, j.GetProperty("energy_mwh").GetDouble(), 4e-3, "OPT-175B energy");
        Within(137, j.GetProperty("co2e_t").GetDouble(), 4e-3, "OPT-175B carbon");
    }

    /// <summary>
    /// Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training", Table 4, GPT-3: 10,000 V100
    /// for 14.8 days at a measured 330 W average system power per processor, PUE 1.1, 429 gCO2e/kWh →
    /// 1,287 MWh and 552 tCO2e. Checks <c>--days</c> with <c>--gpus</c>. Tolerance 0.5%: the 14.8 days are rounded.
    /// </summary>
    [Fact]
    public void Gpt_3_from_days_and_gpus()
    {
        JsonElement j = Usage("--days", "14.8", "--gpus", "10000", "--hardware", "v100-sxm2-32gb", "--board-power-w", "330", "--pue", "1.1", "--grid-gco2e-per-kwh", "429");
        Assert.Equal(10_000 * 14.8 * 24, j.GetProperty("gpu_hours").GetDouble(), 1e-6);
        Within(1287, j.GetProperty("energy_mwh").GetDouble(), 5e-3, "GPT-3 energy");
        Within(552, j.GetProperty("co2e_t").GetDouble(), 5e-3, "GPT-3 carbon");
    }
}
