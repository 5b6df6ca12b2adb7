using ComputeSim.Model;

namespace ComputeSim.Tests.Planning;

public class EnergyTests
{
    private const double SecondsPerHour = 3_600.0;

    /// <summary>
    /// Patterson et al. 2021 Table 4, GPT-3: 10,000 V100 (TDP 300 W) × 14.8 days; measured system average power
    /// per accelerator, including memory, network interface, fans and host CPU, 330 W — so board 300 W at
    /// fraction 1 plus a server share of 0.1; PUE 1.10; 0.429 kgCO2e/kWh → 1,287 MWh and 552.1 tCO2e.
    /// Tolerance 0.5%: 14.8 days is rounded to 3 significant figures (±0.34%).
    /// </summary>
    [Fact]
    public void Patterson_2021_gpt3()
    {
        double watts = Energy.ItPowerPerGpuWatts(300, 1.0, 330.0 / 300 - 1);
        Assert.Equal(330, watts, 1e-9);
        double mwh = Energy.FacilityMwh(watts, 10_000, 14.8 * TrainingCost.SecondsPerDay, 1.1);
        Assert.Equal(1_287, mwh, 1_287 * 0.005);
        Assert.Equal(552.1, Energy.Co2eTonnes(mwh, 429), 552.1 * 0.005);
    }

    /// <summary>
    /// Luccioni et al. 2022 (BLOOM), Table 2: 1,082,990 A100 GPU-hours × 400 W (TDP, dynamic energy only:
    /// no server share, no PUE) = 433,196 kWh; × 57 gCO2e/kWh = 24.7 t. Tolerance: the 3 printed figures (0.2%).
    /// </summary>
    [Fact]
    public void Luccioni_2022_bloom()
    {
        double mwh = Energy.FacilityMwh(Energy.ItPowerPerGpuWatts(400, 1.0, 0.0), 1, 1_082_990 * SecondsPerHour, 1.0);
        Assert.Equal(433.196, mwh, 1e-9);
        Assert.Equal(24.7, Energy.Co2eTonnes(mwh, 57), 24.7 * 0.002);
    }

    /// <summary>
    /// The default power assumptions reproduce the measurement they come from: a DGX H100 (8 × 700 W GPUs,
    /// 10.2 kW rating, server overhead 0.82) training at 76% of its rating draws 0.76 × 10.2 kW.
    /// </summary>
    [Fact]
    public void Default_power_reproduces_the_measured_node_draw() =>
        Assert.Equal(0.76 * 10_200, 8 * Energy.ItPowerPerGpuWatts(700, 0.76, 10_200.0 / 5_600 - 1), 1e-9);
}
