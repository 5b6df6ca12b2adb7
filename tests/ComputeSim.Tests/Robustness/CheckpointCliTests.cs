using ComputeSim.Cli.Sweep;
using ComputeSim.Engine;
using ComputeSim.Tests.Cli;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary><c>sweep --checkpoint DIR</c> and <c>--resume</c> through the CLI, in-process and as a separate process stopped by a signal or a kill.</summary>
public sealed class CheckpointCliTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempFolder _temp = new("computesim-checkpoint-");

    public void Dispose() => _temp.Dispose();

    // 60 x 5,000 x 2 = 600,000 points: a little over two chunks of the cpu backend.
    private static readonly string[] Grid =
    [
        "sweep", "--params", "1e9..1e12:log:60", "--tokens", "20x", "--gpus", "1..10000:lin:5000", "--hardware", "h100-sxm5-80gb,mi300x",
        "--max-days", "30", "--pareto", "--top", "20", "--backend", "cpu", "--format", "json",
    ];

    private string Folder(string name) => _temp[name];

    /// <summary><paramref name="args"/> with <paramref name="flag"/> set to <paramref name="value"/> (replaced where present).</summary>
    private static string[] With(string[] args, string flag, string value)
    {
        int i = Array.IndexOf(args, flag);
        return i < 0 ? [.. args, flag, value] : [.. args[..(i + 1)], value, .. args[(i + 2)..]];
    }

    private static string Answer(string json) => Sweeps.Answer(json);

    private static CliRun Run(string[] args, CancellationToken cancel = default) => CliRun.With(ctx => ctx with { Cancel = cancel }, args);

    [Fact]
    public void Ctrl_c_saves_progress_says_how_to_resume_and_resume_equals_an_uninterrupted_run()
    {
        string expected = Answer(Run(Grid).Out);
        string[] args = [.. Grid, "--checkpoint", Folder("ck")];
        using var interrupted = new CancellationTokenSource();
        interrupted.Cancel();
        CliRun stopped = Run(args, interrupted.Token);
        Assert.Equal(SweepExecution.InterruptedExitCode, stopped.ExitCode);
        Assert.Equal("", stopped.Out);
        Assert.Contains("interrupted after 262,144 of 600,000 points", stopped.Err);
        Assert.Contains("run the same command with --resume", stopped.Err);

        CliRun again = Run(args);
        again.AssertBadInput("already holds a checkpoint");
        CliRun resumed = Run([.. args, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("262,144 of 600,000 points were done", resumed.Err);
        Assert.Equal(expected, Answer(resumed.Out));
        // A finished checkpoint holds the whole answer: resuming it again recomputes nothing.
        Assert.Equal(expected, Answer(Run([.. args, "--resume"]).Out));
    }

    [Fact]
    public void Resuming_with_other_flags_or_a_damaged_checkpoint_is_a_one_line_error()
    {
        string[] args = [.. Grid, "--checkpoint", Folder("ck")];
        using var interrupted = new CancellationTokenSource();
        interrupted.Cancel();
        Assert.Equal(SweepExecution.InterruptedExitCode, Run(args, interrupted.Token).ExitCode);
        Run([.. With(args, "--max-days", "31"), "--resume"]).AssertBadInput("different grid");
        Run([.. With(args, "--top", "21"), "--resume"]).AssertBadInput("different grid");
        // The backend is not part of the grid: a sweep stopped on one backend can be finished on another.
        Assert.Equal(0, Run([.. With(args, "--backend", "ilgpu-cpu"), "--resume"]).ExitCode);

        string file = Path.Combine(Folder("ck"), CheckpointStore.FileName);
        File.WriteAllText(file, File.ReadAllText(file)[..100]);
        Run([.. args, "--resume"]).AssertBadInput(file);
    }

    [Theory]
    [InlineData(new[] { "--resume" }, "--resume: needs --checkpoint")]
    [InlineData(new[] { "--checkpoint", "DIR", "--out", "OUT" }, "cannot be combined with --out")]
    [InlineData(new[] { "--checkpoint", "DIR", "--backend", "reference" }, "cannot checkpoint")]
    [InlineData(new[] { "--checkpoint", "DIR", "--resume" }, "holds no checkpoint")]
    [InlineData(new[] { "--checkpoint", "FILE" }, "is a file")]
    [InlineData(new[] { "--checkpoint-seconds", "-1" }, "--checkpoint-seconds")]
    public void Checkpoint_flags_that_cannot_work_are_refused(string[] flags, string why)
    {
        File.WriteAllText(Folder("file"), "x");
        string[] args = Grid;
        for (int i = 0; i < flags.Length; i++)
        {
            string flag = flags[i];
            string value = i + 1 < flags.Length && !flags[i + 1].StartsWith("--", StringComparison.Ordinal) ? flags[++i] : "";
            value = value switch { "DIR" => Folder("new"), "OUT" => Folder("out.csv"), "FILE" => Folder("file"), _ => value };
            args = value.Length == 0 ? [.. args, flag] : With(args, flag, value);
        }
        Run(args).AssertBadInput(why);
        Assert.False(Directory.Exists(Folder("new")));
        Assert.False(File.Exists(Folder("out.csv")));
    }

    [Fact]
    public void A_separate_process_stopped_by_a_signal_or_killed_resumes_to_the_uninterrupted_answer()
    {
        // Sized to run for about a second here; a faster machine finishes before it can be stopped, so the grid grows and it retries.
        foreach (int gpus in new[] { 50_000, 500_000 })
        {
            string[] grid = [.. Grid[..6], $"1..{gpus * 10}:lin:{gpus}", .. Grid[7..], "--quiet"];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string expected = Answer(Run(grid).Out);
            output.WriteLine($"uninterrupted run: {clock.Elapsed.TotalSeconds:0.00} s");
            if (StopAndResume(grid, expected, kill: false, out string? signalNote) && StopAndResume(grid, expected, kill: true, out _))
            {
                output.WriteLine($"stopped with {signalNote} and SIGKILL on a grid of {60 * 2 * gpus:N0} points");
                Assert.NotNull(signalNote);
                return;
            }
        }
        Assert.Fail("every sweep finished before it could be stopped");
    }

    // Starts the sweep, stops it after its first checkpoint, checks what it left, resumes in-process; false if it finished first.
    private bool StopAndResume(string[] grid, string expected, bool kill, out string? signal)
    {
        string ck = Folder((kill ? "killed-" : "signalled-") + grid[6].Replace(':', '-'));
        string file = Path.Combine(ck, CheckpointStore.FileName);
        string[] args = [.. grid, "--checkpoint", ck, "--checkpoint-seconds", "0.1"];
        signal = null;
        using (ComputesimProcess process = ComputesimProcess.Start(args))
        {
            if (!process.WaitFor(() => File.Exists(file), Patience) || process.HasExited)
                return false;
            if (kill)
            {
                process.Kill();
                process.Wait(Patience);
            }
            else
            {
                signal = process.Interrupt();
                var (code, _, err) = process.Wait(Patience);
                if (code == 0)
                    return false;
                Assert.True(code == SweepExecution.InterruptedExitCode, $"{signal}: exit {code}; {err}");
                Assert.Contains("progress is saved in", err);
                Assert.Contains("--resume", err);
            }
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CliRun resumed = Run([.. args, "--resume"]);
        output.WriteLine($"resume after {(kill ? "SIGKILL" : signal)}: {clock.Elapsed.TotalSeconds:0.00} s; {resumed.Err.Trim()}");
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Equal(expected, Answer(resumed.Out));
        Assert.Empty(Directory.GetFiles(ck, ".*.tmp"));
        return true;
    }
}
