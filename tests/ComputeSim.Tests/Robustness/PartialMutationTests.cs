using ComputeSim.Cli.Sweep;
using ComputeSim.Engine;
using ComputeSim.Model;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>
/// The standing adversarial test of partial results: a valid shard file and a valid checkpoint are
/// damaged in every way <see cref="FileMutations"/> knows, and merge or resume must either refuse
/// (one line naming the file) or give exactly the answer of the undamaged run. None may be accepted and wrong.
/// </summary>
public sealed class PartialMutationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new("computesim-mutations-");
    private static readonly SweepProblem Problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), 3);
    private static readonly SweepOptions Options = new(5, Pareto: true);
    private const int ShardCount = 3;
    private const int BitFlips = 300;
    private const int Cuts = 100;

    public void Dispose() => _temp.Dispose();

    private enum Verdict { Refused, Right, Wrong }

    /// <summary>How the mutations of one file fared.</summary>
    private sealed class Tally(string what)
    {
        private readonly Dictionary<Verdict, int> _counts = new() { [Verdict.Refused] = 0, [Verdict.Right] = 0, [Verdict.Wrong] = 0 };

        public List<string> Wrong { get; } = [];
        public int Tried => _counts.Values.Sum();
        public int this[Verdict v] => _counts[v];

        public void Add(string name, Verdict v)
        {
            _counts[v]++;
            if (v == Verdict.Wrong)
                Wrong.Add(name);
        }

        public void Report(ITestOutputHelper output) => output.WriteLine(
            $"{what}: {Tried} mutations tried, {this[Verdict.Refused]} refused, {this[Verdict.Right]} accepted and right, {this[Verdict.Wrong]} accepted and wrong"
            + (Wrong.Count > 0 ? $" ({string.Join("; ", Wrong.Take(10))})" : ""));
    }

    private static string Expected => Sweeps.Fingerprint(ReferenceSweep.Run(Problem, Options));

    private string[] WriteShards()
    {
        var backend = new CpuBackend(chunkSize: 1000);
        return [.. Enumerable.Range(0, ShardCount).Select(i =>
        {
            var slice = new ShardSlice(i, ShardCount);
            string path = _temp[$"part-{i}.json"];
            File.WriteAllBytes(path, Sweeps.Serialize(backend.RunRange(Problem, Options, slice.RangeOf(Problem.Total)), Problem, Options, slice));
            return path;
        })];
    }

    // A refusal must be the one line the CLI prints for an InputException, naming the damaged file.
    private static Verdict Refused(InputException e, string path)
    {
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return Verdict.Refused;
    }

    private Verdict Merge(byte[] mutated, string[] shards, int which, string expected)
    {
        string path = _temp["mutated.json"];
        File.WriteAllBytes(path, mutated);
        string[] files = [.. shards];
        files[which] = path;
        try
        {
            return Sweeps.Fingerprint(Shards.Merge(Problem, Options, files).Accumulator.ToResult()) == expected ? Verdict.Right : Verdict.Wrong;
        }
        catch (InputException e)
        {
            return Refused(e, path);
        }
    }

    private Verdict Resume(byte[] mutated, string expected)
    {
        string folder = _temp["checkpoint"];
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, CheckpointStore.FileName), mutated);
        try
        {
            PartialSweep? saved = CheckpointStore.Open(folder, resume: true).Load(Problem, Options, ShardSlice.Whole);
            PartialSweep done = new SweepDriver { Backend = new CpuBackend(chunkSize: 1000) }.Run(Problem, Options, saved);
            return Sweeps.Fingerprint(done.Accumulator.ToResult()) == expected ? Verdict.Right : Verdict.Wrong;
        }
        catch (InputException e)
        {
            return Refused(e, Path.Combine(folder, CheckpointStore.FileName));
        }
    }

    private static byte[] Checkpoint()
    {
        // Half the grid done, in two ranges with a gap: what a run interrupted and resumed once might leave.
        var backend = new CpuBackend(chunkSize: 1000);
        long total = Problem.Total;
        PartialSweep saved = backend.RunRange(Problem, Options, new IndexRange(0, total / 4));
        saved.Merge(backend.RunRange(Problem, Options, new IndexRange(total / 2, 3 * total / 4)));
        return Sweeps.Serialize(saved, Problem, Options);
    }

    [Fact]
    public void Every_mutation_of_a_shard_file_is_refused_or_merges_to_the_exact_answer()
    {
        string expected = Expected;
        string[] shards = WriteShards();
        Sweep("shard file", File.ReadAllBytes(shards[1]), seed: 15, bytes => Merge(bytes, shards, 1, expected));
    }

    [Fact]
    public void Every_mutation_of_a_checkpoint_is_refused_or_resumes_to_the_exact_answer()
    {
        string expected = Expected;
        Sweep("checkpoint", Checkpoint(), seed: 13, bytes => Resume(bytes, expected));
    }

    private void Sweep(string what, byte[] valid, int seed, Func<byte[], Verdict> judge)
    {
        var tally = new Tally(what);
        foreach (Mutation m in FileMutations.Of(valid, BitFlips, Cuts, seed))
            tally.Add(m.Name, judge(m.Bytes));
        tally.Report(output);
        Assert.Empty(tally.Wrong);
        Assert.True(tally.Tried > 1500, $"{tally.Tried} mutations");
        // An added unknown field changes nothing that is read: it must be accepted, so refusing everything cannot pass.
        Assert.True(tally[Verdict.Right] > 0);
    }

    [Fact]
    public void Behind_the_digest_forged_files_are_refused_or_caught_by_verify()
    {
        // The same mutations with the digest recomputed, as a tool rewriting the file would: the file's own consistency
        // refuses most; what it cannot see (a field no ranking reads, a point left out) --verify's recomputation must find.
        string expected = Expected;
        string[] shards = WriteShards();
        // The shard holding the overall best point, so that most of its kept points are in the answer.
        int which = Enumerable.Range(0, ShardCount).First(i => new ShardSlice(i, ShardCount).RangeOf(Problem.Total).End > ReferenceSweep.Run(Problem, Options).Top[0].Index);
        var tally = new Tally("forged shard file (digest recomputed)");
        var missedByVerify = new List<string>();
        foreach (Mutation m in FileMutations.Of(File.ReadAllBytes(shards[which]), 0, 0, seed: 0))
        {
            byte[] forged;
            try
            {
                forged = Sweeps.Resign(m.Bytes);
            }
            catch (InputException)
            {
                continue; // not parseable as a partial sweep at all: the digest is not what refuses it
            }
            Verdict v = Merge(forged, shards, which, expected);
            tally.Add(m.Name, v);
            if (v == Verdict.Wrong && VerifyPasses(shards, which, forged))
                missedByVerify.Add(m.Name);
        }
        tally.Report(output);
        output.WriteLine($"  of the {tally[Verdict.Wrong]} accepted and wrong without --verify, {tally[Verdict.Wrong] - missedByVerify.Count} fail --verify");
        Assert.Empty(missedByVerify);
        Assert.True(tally[Verdict.Refused] > 0);
        // Some forgeries do get past the consistency checks, so the --verify half of this test is not vacuous.
        Assert.True(tally[Verdict.Wrong] > 0);
    }

    // What merge --verify --verify-tolerance 0 does: every kept point recomputed, and the merged reductions re-derived (exact at L0).
    // Tolerance 0, as the host formulas are the same on every run: a forged last bit is a wrong answer too.
    private bool VerifyPasses(string[] shards, int which, byte[] forged)
    {
        string path = _temp["mutated.json"];
        File.WriteAllBytes(path, forged);
        string[] files = [.. shards];
        files[which] = path;
        PartialSweep all = Shards.Merge(Problem, Options, files);
        SweepResult result = all.Accumulator.ToResult();
        VerifyReport report = Verification.Kept(Problem, result, tolerance: 0) with
        {
            Reductions = ReductionCheck.Run(Problem, Options, all.Ranges, all.Accumulator.Snapshot()),
        };
        return report.Passed;
    }
}
