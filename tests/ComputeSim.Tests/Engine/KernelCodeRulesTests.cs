using System.Text.RegularExpressions;

namespace ComputeSim.Tests.Engine;

/// <summary>
/// Code that kernels run (the model and the kernels project) avoids what ILGPU 1.5.3 compiles wrongly or not
/// at all on a GPU backend. ILGPU's CPU accelerator runs the .NET IL itself and would hide every one of these.
/// Banned methods are build errors (the banned-API analyzer with src/BannedSymbols.Kernels.txt); what is not a
/// method call, a bool turned into a double, is checked in the source here.
/// </summary>
public sealed class KernelCodeRulesTests
{
    public static TheoryData<string, string> Rules => new()
    {
        // bool -> double conversions compile to 4.94e-324 on OpenCL: write 1.0 : 0.0.
        { @"\bdouble\s+\w+\s*=\s*[^;]*\?\s*1\s*:\s*0\s*;", "a double set from '? 1 : 0'" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Kernel_reachable_code_avoids(string pattern, string what)
    {
        var rule = new Regex(pattern);
        string[] roots = [Path.Combine(TestData.RepoRoot, "src", "ComputeSim.Model"), Path.Combine(TestData.RepoRoot, "kernels", "ComputeSim.Kernels")];
        var files = roots.SelectMany(r => Directory.EnumerateFiles(r, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var hits = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, code: WithoutComment(line))))
            .Where(x => rule.IsMatch(x.code))
            .Select(x => $"{Path.GetRelativePath(TestData.RepoRoot, x.f)}:{x.i + 1}")
            .ToList();
        Assert.True(hits.Count == 0, $"{what} in kernel-reachable code: {string.Join(", ", hits)}");
    }

    [Fact]
    public void The_rules_catch_what_they_describe()
    {
        Assert.Matches(Rules.Select(r => (string)r[0]).Last(), "double x = ok ? 1 : 0;");
        Assert.DoesNotMatch(Rules.Select(r => (string)r[0]).Last(), "double x = ok ? 1.0 : 0.0;");
    }

    [Theory]
    [InlineData("src/ComputeSim.Model/ComputeSim.Model.csproj")]
    [InlineData("kernels/ComputeSim.Kernels/ComputeSim.Kernels.csproj")]
    public void Kernel_reachable_projects_build_with_the_banned_list(string project)
    {
        string text = File.ReadAllText(Path.Combine(TestData.RepoRoot, project));
        Assert.Contains("Microsoft.CodeAnalysis.BannedApiAnalyzers", text, StringComparison.Ordinal);
        Assert.Contains("BannedSymbols.Kernels.txt", text, StringComparison.Ordinal);
        string banned = File.ReadAllText(Path.Combine(TestData.RepoRoot, "src/BannedSymbols.Kernels.txt"));
        foreach (string symbol in new[] { "M:System.Math.Clamp(System.Double", "M:System.Math.Cbrt(", "M:System.Math.Log2(", "M:System.Math.FusedMultiplyAdd(", "M:System.Double.IsNaN(" })
            Assert.Contains(symbol, banned, StringComparison.Ordinal);
    }

    private static string WithoutComment(string line)
    {
        int slash = line.IndexOf("//", StringComparison.Ordinal);
        return slash >= 0 ? line[..slash] : line;
    }
}
