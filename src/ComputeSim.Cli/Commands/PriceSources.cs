using System.CommandLine;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>The <c>--price-source</c> option.</summary>
internal static class PriceSourceOption
{
    /// <summary>A new <c>--price-source</c> option (options cannot be shared between commands).</summary>
    public static Option<string?> Create()
    {
        var o = new Option<string?>("--price-source")
        {
            Description = $"Use only profile prices of one class ({string.Join(", ", PriceClasses.All)}); "
                + "a profile whose price is of another class counts as having no price, with a note",
            HelpName = "class",
        };
        o.AcceptOnlyFromAmong([.. PriceClasses.All]);
        return o;
    }

}
