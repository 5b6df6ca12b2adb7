using BenchmarkDotNet.Attributes;
using ComputeSim.Api;
using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Benchmarks;

/// <summary>
/// Formatting CSV rows (what `sweep --out points.csv` spends its time on) on one core, the writer before
/// (<see cref="CharCsvRowWriter"/>: characters through a StreamWriter, boxed values) beside the one now
/// (<see cref="CsvRowWriter"/>: UTF-8 bytes from typed columns). 131,072 rows of an L0 grid (4 accelerators ×
/// 64 params × 32 tokens × 16 cluster sizes), each built from its point as the file sink does, written to a
/// stream that discards them. "Op/s" is rows per second; bytes per row are printed at setup.
/// </summary>
public class CsvBenchmarks
{
    /// <summary>Rows per invocation.</summary>
    public const int Rows = 4 * 64 * 32 * 16;

    private SweepProblem _problem = null!;
    private PointResult[] _results = [];

    [Params("before", "now")]
    public string Writer { get; set; } = "now";

    [GlobalSetup]
    public void Setup()
    {
        _problem = Backends.L0Problem([0.4], "1e8..1e13:log:64", "1e9..1e14:log:32", "8..262144:pow2",
            Selection.Unconstrained(ObjectiveKind.Cost), Rows);
        _results = [.. Enumerable.Range(0, Rows).Select(i => _problem.Evaluate(i))];
        var counting = new CountingStream();
        WriteAll(counting);
        Console.WriteLine($"// {Writer}: {counting.Length / (double)Rows:F1} bytes per row");
    }

    /// <summary>Every row, formatted.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long FormatRows()
    {
        var counting = new CountingStream();
        WriteAll(counting);
        return counting.Length;
    }

    private void WriteAll(Stream stream)
    {
        using IRowWriter writer = Writer == "before" ? new CharCsvRowWriter(stream) : new CsvRowWriter(stream);
        for (int i = 0; i < _results.Length; i++)
            writer.Write(PointRow.Of(_problem, i, _results[i]));
        writer.Finish();
    }

    /// <summary>Counts what is written and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
