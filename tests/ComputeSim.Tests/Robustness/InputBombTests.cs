using System.Diagnostics;
using ComputeSim.Cli.Spec;
using ComputeSim.Tests.Cli;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>
/// Hostile input files (found by a hostile run: stack overflows, 8 GB of memory, endless waits) end in
/// one line and exit 2, within a memory bound counted in bytes allocated and a generous time bound.
/// </summary>
public sealed class InputBombTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Most bytes one refusal may allocate.</summary>
    private const long MaxAllocatedBytes = 256L << 20;

    /// <summary>A refusal takes well under a second; this bound only catches hangs and runaway work on a busy machine.</summary>
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(10);

    private readonly TempFolder _dir = new("computesim-bombs-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_spec_nested_30000_deep_is_refused_at_its_first_nested_list() =>
        AssertRefused("'params' must list plain values", "sweep", "--spec", Write("deep.yaml", "params: " + new string('[', 30_000) + new string(']', 30_000) + "\n"));

    [Fact]
    public void A_spec_nested_deep_by_indentation_is_refused() =>
        AssertRefused("'a' must be a value or a list of values", "sweep", "--spec",
            Write("indented.yaml", string.Concat(Enumerable.Range(0, 1400).Select(i => new string(' ', i) + "a:\n"))));

    [Fact]
    public void A_json_spec_nested_30000_deep_is_refused() =>
        AssertRefused("'params' must list plain values", "sweep", "--spec", Write("deep.json", "{\"params\": " + new string('[', 30_000)));

    [Fact]
    public void An_alias_bomb_is_refused_when_its_copies_pass_the_budget()
    {
        // Nine lists of nine aliases of the one before: 9^9 copies of "lol" if expanded.
        var lines = new List<string> { "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (char c = 'b'; c <= 'i'; c++)
            lines.Add($"{c}: &{c} [{string.Join(',', Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]");
        AssertRefused("aliases copy more than 1,048,576 characters", "sweep", "--spec", Write("alias.yaml", string.Join('\n', lines)));
    }

    [Fact]
    public void A_small_alias_is_still_read()
    {
        string spec = Write("alias-ok.yaml", "hardware: &hw [h100-sxm5-80gb, mi300x]\nparams: 7B\ngpus: 64\nbackend: cpu\n");
        Assert.Equal(["h100-sxm5-80gb,mi300x", "7B", "64", "cpu"], SpecReader.Read(spec, "--spec").Select(f => f.Text));
        var aliased = SpecReader.Parse("a: &x 7B\nb: *x\n"u8.ToArray(), json: false, "x.yaml", "--spec");
        Assert.Equal("7B", aliased[1].Text);
    }

    [Fact]
    public void A_spec_of_more_nodes_than_the_budget_is_refused() =>
        AssertRefused("more than 100,000 YAML nodes", "sweep", "--spec", Write("wide.yaml", "params: [" + string.Join(',', Enumerable.Repeat("1", 100_001)) + "]\n"));

    [Fact]
    public void A_second_yaml_document_is_refused_not_ignored() =>
        AssertRefused("line 2: a second YAML document", "sweep", "--spec", Write("two.yaml", "params: 7B\n---\nparams: 8B\n"));

    [Fact]
    public void A_file_over_the_limit_is_refused_from_its_size_without_reading_it()
    {
        string huge = _dir["huge.yaml"];
        using (var f = new FileStream(huge, FileMode.Create))
            f.SetLength(1_500_000_000); // sparse: takes no disk
        AssertRefused("larger than the 1,048,576-byte limit for a spec (1,500,000,000 bytes)", "sweep", "--spec", huge);
        AssertRefused("larger than the 1,048,576-byte limit for a profile", "profiles", "validate", Link("huge.json", huge));
        AssertRefused("larger than the 1,048,576-byte limit for a response file", "@" + huge);
    }

    [Fact]
    public void Dev_zero_is_refused_unread_as_a_spec_a_profile_and_a_response_file()
    {
        if (!File.Exists("/dev/zero"))
            return;
        AssertRefused("a device; a spec must be a regular file", "sweep", "--spec", Link("zero.yaml", "/dev/zero"));
        AssertRefused("a device; a profile must be a regular file", "profiles", "validate", Link("zero.json", "/dev/zero"));
        AssertRefused("@/dev/zero: a device; a response file must be a regular file", "@/dev/zero");
    }

    [Fact]
    public void A_fifo_is_refused_without_opening_it()
    {
        string fifo = _dir["pipe.yaml"];
        if (!MakeFifo(fifo))
            return;
        AssertRefused("a named pipe (FIFO); a spec must be a regular file", "sweep", "--spec", fifo);
        AssertRefused("a named pipe (FIFO); a profile must be a regular file", "profiles", "validate", fifo);
        AssertRefused("a named pipe (FIFO); a response file must be a regular file", "@" + fifo);
    }

    [Fact]
    public void A_directory_is_refused()
    {
        string dir = Directory.CreateDirectory(_dir["folder.yaml"]).FullName;
        AssertRefused("a directory; a spec must be a regular file", "sweep", "--spec", dir);
        AssertRefused("a directory; a response file must be a regular file", "@" + dir);
    }

    [Fact]
    public void A_response_file_that_includes_itself_is_refused()
    {
        string rsp = _dir["self.rsp"];
        File.WriteAllText(rsp, $"sweep\n# comment\n@{rsp}\n");
        AssertRefused($"@{rsp}, line 3: '@{rsp}' names a response file; response files do not nest", "@" + rsp);
    }

    [Fact]
    public void A_response_file_of_too_many_words_is_refused() =>
        AssertRefused("more than 10,000 words in response files", "@" + Write("many.rsp", "sweep\n" + string.Concat(Enumerable.Repeat("x ", 500_000))));

    [Fact]
    public void A_response_file_still_stands_for_its_words()
    {
        string rsp = Write("args.rsp", "# a sweep\nsweep --params 7B --gpus 64\n  --hardware \"h100-sxm5-80gb\" --backend cpu\n\n--top 1\n");
        CliRun run = CliRun.Of("@" + rsp, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("h100-sxm5-80gb", run.Out);
        Assert.DoesNotContain("mi300x", run.Out);
        // After '--' an '@' word is a value, and a value in a spec is never read as a response file.
        Assert.Equal(["sweep", "--", "@x"], ComputeSim.Cli.ResponseFiles.Expand(["sweep", "--", "@x"]));
        CliRun spec = CliRun.Of("sweep", "--spec", Write("at.yaml", "hardware: \"@/dev/zero\"\n"));
        spec.AssertBadInput("unknown hardware '@/dev/zero'");
    }

    private void AssertRefused(string message, params string[] args)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        CliRun run = CliRun.Of(args);
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{run.Err.Trim()} ({allocated / 1e6:0.0} MB allocated, {clock.Elapsed.TotalMilliseconds:0} ms)");
        run.AssertBadInput(message);
        Assert.True(allocated < MaxAllocatedBytes, $"{allocated:N0} bytes allocated");
        Assert.True(clock.Elapsed < MaxTime, $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(_dir[name], text);
        return _dir[name];
    }

    private string Link(string name, string target) => File.CreateSymbolicLink(_dir[name], target).FullName;

    private static bool MakeFifo(string path)
    {
        try
        {
            using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false });
            mkfifo!.WaitForExit();
            return mkfifo.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no mkfifo on this system
        }
    }
}
