namespace ComputeSim.Model;

/// <summary>The functional form of a scaling law.</summary>
public enum LawForm
{
    /// <summary>Hoffmann et al. 2022, Eq. 2: L(N, D) = E + A/N^α + B/D^β.</summary>
    Chinchilla = 0,
    /// <summary>Kaplan et al. 2020, Eq. 1.5: L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D.</summary>
    Kaplan = 1,
}

/// <summary>
/// The constants of one fitted scaling law: predicted loss as a function of parameters N and training tokens D.
/// </summary>
/// <remarks>
/// One struct for both forms so a grid can carry any law to a kernel. For <see cref="LawForm.Kaplan"/>,
/// <see cref="A"/> holds N_c, <see cref="B"/> D_c, <see cref="Alpha"/> α_N and <see cref="Beta"/> α_D
/// (and <see cref="E"/> is 0). Losses of different laws are in different units (tokenizers and data differ):
/// compare them within one law only.
/// </remarks>
public readonly struct ScalingLaw
{
    /// <summary>Which formula the constants belong to.</summary>
    public LawForm Form { get; init; }
    /// <summary>Irreducible loss E, nats per token (Chinchilla form).</summary>
    public double E { get; init; }
    /// <summary>Chinchilla: A. Kaplan: N_c, parameters.</summary>
    public double A { get; init; }
    /// <summary>Chinchilla: B. Kaplan: D_c, tokens.</summary>
    public double B { get; init; }
    /// <summary>Chinchilla: α (parameters exponent). Kaplan: α_N.</summary>
    public double Alpha { get; init; }
    /// <summary>Chinchilla: β (data exponent). Kaplan: α_D.</summary>
    public double Beta { get; init; }
}
