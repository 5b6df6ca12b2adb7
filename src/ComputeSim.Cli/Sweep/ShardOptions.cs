using System.CommandLine;
using System.Globalization;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Sweep;

/// <summary><c>--shard I/N|auto</c> and <c>--partial-out FILE</c>: one deterministic slice of a sweep per machine.</summary>
internal sealed class ShardOptions
{
    /// <summary>Set by Kubernetes Indexed Jobs; the count comes from <see cref="CountVariable"/>.</summary>
    public const string JobIndexVariable = "JOB_COMPLETION_INDEX";
    /// <summary>The shard count for Kubernetes (set it to the Job's completions).</summary>
    public const string CountVariable = "COMPUTESIM_SHARD_COUNT";

    /// <summary>--shard.</summary>
    public Option<string?> ShardOption { get; } = new("--shard")
    {
        Description = "Evaluate slice I of N (0-based, contiguous, deterministic) and write a partial result for 'computesim merge'; "
            + "'auto' reads SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (Slurm job array) or JOB_COMPLETION_INDEX/COMPUTESIM_SHARD_COUNT (Kubernetes Indexed Job)",
    };

    /// <summary>--partial-out.</summary>
    public Option<string?> PartialOut { get; } = new("--partial-out") { Description = "Where --shard writes its partial result (.json); {shard} is replaced by the shard index" };

    /// <summary>Adds both options.</summary>
    public void AddTo(Command command)
    {
        command.Add(ShardOption);
        command.Add(PartialOut);
    }

    /// <summary>The shard of this process, or null when not sharding.</summary>
    public Shard? Resolve(ParseResult parse, long total, Func<string, string?> environment)
    {
        string? text = parse.GetValue(ShardOption);
        string? path = parse.GetValue(PartialOut);
        if (text is null)
        {
            return path is null ? null : throw new InputException("--partial-out: only with --shard");
        }
        (int index, int count) = text.Trim() == "auto" ? FromEnvironment(environment) : Parse(text);
        if (path is null)
            throw new InputException("--shard: needs --partial-out FILE for the partial result");
        path = path.Replace("{shard}", index.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        // Checked before any work: a shard that computes for hours and then cannot write its result has wasted them.
        ComputeSim.Io.OutputTarget.Check(path, "--partial-out");
        return new Shard(index, count, new ShardSlice(index, count).RangeOf(total), path);
    }

    private static (int, int) Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new InputException($"--shard: '{text}' is not I/N (e.g. 0/8) or auto");
        return Check(i, n, "--shard");
    }

    private static (int, int) Check(int index, int count, string source)
    {
        if (count < 1 || count > 1_000_000 || index < 0 || index >= count)
            throw new InputException($"{source}: shard {index} of {count} is out of range (0 <= index < count <= 1000000)");
        return (index, count);
    }

    private static (int, int) FromEnvironment(Func<string, string?> env)
    {
        int? Int(string name) => int.TryParse(env(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
        if (Int("SLURM_ARRAY_TASK_ID") is int id)
        {
            // Arrays may start anywhere (--array=1-8): index from the minimum.
            int min = Int("SLURM_ARRAY_TASK_MIN") ?? 0;
            int? count = Int("SLURM_ARRAY_TASK_COUNT") ?? (Int("SLURM_ARRAY_TASK_MAX") is int max ? max - min + 1 : null);
            return count is int n ? Check(id - min, n, "--shard auto (Slurm)")
                : throw new InputException("--shard auto: SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is");
        }
        if (Int(JobIndexVariable) is int k)
        {
            return Int(CountVariable) is int n ? Check(k, n, "--shard auto (Kubernetes)")
                : throw new InputException($"--shard auto: {JobIndexVariable} is set; set {CountVariable} to the Job's completions too");
        }
        throw new InputException($"--shard auto: no SLURM_ARRAY_TASK_ID or {JobIndexVariable} in the environment; give --shard I/N");
    }
}
