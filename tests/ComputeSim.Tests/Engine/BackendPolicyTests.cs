using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Engine;

/// <summary>One backend enum and one device policy serve sweeps and Monte Carlo alike.</summary>
public class BackendPolicyTests
{
    [Fact]
    public void Every_backend_has_one_name_that_parses_back_in_any_case()
    {
        BackendKind[] kinds = Enum.GetValues<BackendKind>();
        Assert.Equal(kinds.Length, Backends.Names.Count);
        Assert.Equal(kinds.Length, Backends.Names.Distinct().Count());
        foreach (BackendKind kind in kinds)
        {
            Assert.Equal(kind, Backends.Parse(kind.Name(), "backend"));
            Assert.Equal(kind, Backends.Parse($" {kind.Name().ToUpperInvariant()} ", "backend"));
        }
        foreach (IlgpuKind ilgpu in Enum.GetValues<IlgpuKind>())
            Assert.Equal(ilgpu, Backends.Of(ilgpu).Ilgpu());
    }

    [Fact]
    public void An_unknown_name_is_an_input_error_on_the_given_subject_listing_every_name()
    {
        var e = Assert.Throws<InputException>(() => Backends.Parse("gpu", "mc_backend"));
        Assert.Equal("mc_backend", e.Subject);
        foreach (string name in Backends.Names)
            Assert.Contains(name, e.Detail);
    }

    [Fact]
    public void Auto_tries_the_gpus_in_policy_order_then_the_host()
    {
        Assert.Equal([IlgpuKind.Cuda, IlgpuKind.OpenCL], DevicePolicy.AutoOrder);
        var tried = new List<string>();
        string opened = DevicePolicy.OpenFirst<string>(
            [("cuda", () => { tried.Add("cuda"); return null; }), ("opencl", () => { tried.Add("opencl"); return "opencl"; })],
            () => "host", "mc_backend", _ => Assert.Fail("no device failed"));
        Assert.Equal("opencl", opened);
        Assert.Equal(["cuda", "opencl"], tried);
        var warnings = new List<string>();
        Assert.Equal("host", DevicePolicy.OpenFirst<string>([("cuda", () => throw new InvalidOperationException("driver too old"))], () => "host", "mc_backend", warnings.Add));
        Assert.StartsWith("warning: mc_backend auto: cuda could not be used", Assert.Single(warnings));
    }

    [Theory]
    [InlineData("sweep", "--backend")]
    [InlineData("plan", "--backend")]
    [InlineData("serve", "--backend")]
    [InlineData("estimate", "--mc-backend")]
    public void A_bad_backend_is_refused_while_parsing_naming_the_flag(string command, string flag) =>
        CliRun.Of(command, flag, "gpu").AssertBadInput($"{flag}: unknown backend 'gpu'; expected one of {string.Join(", ", Backends.Names)}");
}
