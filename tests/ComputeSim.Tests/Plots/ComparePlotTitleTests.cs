using ComputeSim.Cli.Commands;
using ComputeSim.Cli.Plots;
using ComputeSim.Model;

namespace ComputeSim.Tests.Plots;

/// <summary>The compare plot's title states one utilisation only when every bar shares it.</summary>
public class ComparePlotTitleTests
{
    private static JobSettings Job(double? utilization, double? achieved) =>
        new("gpt3-13b", 13e9, 260e9, 64, Precision.Bf16, utilization, achieved, null, TestData.Standard);

    [Fact]
    public void A_given_utilisation_is_in_the_title() =>
        Assert.Equal("utilization 0.4", ComparePlot.UtilizationText(Job(0.4, null)));

    [Fact]
    public void Predicted_utilisation_is_not_one_chips_figure() =>
        Assert.Equal("utilization predicted per accelerator (L2 model)", ComparePlot.UtilizationText(Job(null, null)));

    [Fact]
    public void Achieved_throughput_is_named_as_such() =>
        Assert.Equal("150 TFLOP/s achieved per GPU", ComparePlot.UtilizationText(Job(null, 150)));
}
