namespace ComputeSim.Model;

/// <summary>Which power an energy figure counts; energy and carbon always use the same scope.</summary>
public static class EnergyScope
{
    /// <summary>
    /// GPU board power (TDP) × PUE: the model-card convention (Llama 2 and Llama 3 count "peak power
    /// capacity per GPU device … adjusted for power usage efficiency"; BLOOM's 433 MWh is 400 W × GPU-hours, PUE 1).
    /// </summary>
    public const int Gpu = 0;
    /// <summary>
    /// What the servers draw: the GPUs at their measured average (a fraction of board power) plus the rest of
    /// the server (CPUs, memory, NICs, fans) in proportion. IT power only: no cooling or power delivery (no PUE).
    /// </summary>
    public const int Server = 1;
    /// <summary>What the site draws from the grid: server power × PUE (cooling and power delivery added).</summary>
    public const int Facility = 2;
}

/// <summary>Energy and carbon of a run: average power, server overhead, PUE, grid intensity.</summary>
/// <remarks>
/// Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training", §2: energy =
/// hours × processors × average system power per processor × PUE; tCO2e = MWh × grid intensity.
/// Tests reproduce their Table 4 GPT-3 row and Luccioni et al. 2022's BLOOM figures. Kernel-safe.
/// </remarks>
public static class Energy
{
    /// <summary>Grams per tonne over kWh per MWh: tCO2e = MWh × gCO2e/kWh / 1000.</summary>
    private const double GramsPerKwhToTonnesPerMwh = 1e-3;

    /// <summary>
    /// Average IT power per GPU, W: the GPU's average draw (a fraction of board power) plus the rest of
    /// its server (CPUs, memory, NICs, fans) in proportion.
    /// </summary>
    /// <param name="boardPowerWatts">GPU board power (TDP).</param>
    /// <param name="averagePowerFraction">Average draw over board power while training.</param>
    /// <param name="serverOverhead">Extra server watts per GPU watt (DGX H100: 10.2 kW / (8 × 700 W) − 1 = 0.82).</param>
    public static double ItPowerPerGpuWatts(double boardPowerWatts, double averagePowerFraction, double serverOverhead) =>
        boardPowerWatts * averagePowerFraction * (1.0 + serverOverhead);

    /// <summary>
    /// Watts counted per watt of GPU board power in an energy <paramref name="scope"/> (<see cref="EnergyScope"/>):
    /// gpu = PUE; server = fraction × (1 + overhead); facility = fraction × (1 + overhead) × PUE.
    /// </summary>
    public static double WattsPerBoardWatt(int scope, double averagePowerFraction, double serverOverhead, double pue)
    {
        double server = averagePowerFraction * (1.0 + serverOverhead);
        return scope == EnergyScope.Server ? server : scope == EnergyScope.Facility ? server * pue : pue;
    }

    /// <summary>Facility energy, MWh: IT power × GPUs × time × PUE.</summary>
    public static double FacilityMwh(double itPowerPerGpuWatts, double gpus, double seconds, double pue) =>
        TrainingCost.EnergyMwh(itPowerPerGpuWatts, gpus, seconds, pue);

    /// <summary>Operational emissions, tonnes CO2e, at a grid intensity in gCO2e/kWh.</summary>
    public static double Co2eTonnes(double mwh, double gramsPerKwh) => mwh * gramsPerKwh * GramsPerKwhToTonnesPerMwh;
}
