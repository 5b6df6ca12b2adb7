namespace ComputeSim.Model;

/// <summary>What a grid needs to plan model size (level L3): the scaling law that predicts each point's loss, and inference demand.</summary>
public readonly struct ScalingSettings
{
    /// <summary>1 to predict loss and inference cost at every point; 0 leaves both 0.</summary>
    public int Enabled { get; init; }
    /// <summary>The law that predicts loss from parameters and tokens.</summary>
    public ScalingLaw Law { get; init; }
    /// <summary>Tokens the trained model will serve over its life (0 for none).</summary>
    public double InferenceTokens { get; init; }
}
