using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Energy scopes in words: how board power becomes the power that energy and carbon count.</summary>
public static class EnergyScopes
{
    /// <summary>How the scope turns board power into counted power, in words (for the assumptions and the "how" column).</summary>
    public static string Describe(in Assumptions a)
    {
        string f = Format.Human(a.GpuPowerFraction), o = Format.Human(a.ServerOverhead), pue = Format.Human(a.Pue);
        return a.EnergyScope switch
        {
            EnergyScope.Server => $"energy scope server: board W x {f} (measured DGX H100 training load) x (1 + {o} server: CPUs, memory, NICs, fans); no cooling (no PUE)",
            EnergyScope.Facility => $"energy scope facility: board W x {f} (measured DGX H100 training load) x (1 + {o} server: CPUs, memory, NICs, fans) x PUE {pue} (cooling, power delivery)",
            _ => $"energy scope gpu: board W x PUE {pue} (the model-card convention; server adds x {f} measured draw x (1 + {o}) for the rest of the server, facility x PUE on top)",
        };
    }

    /// <summary>The scope's name.</summary>
    public static string Name(in Assumptions a) => AssumptionsRequest.ScopeNames[a.EnergyScope];
}
