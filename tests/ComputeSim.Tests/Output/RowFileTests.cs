using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;
using Parquet;

namespace ComputeSim.Tests.Output;

/// <summary>Every row file format, written by a real sweep and read back with a real reader, holds exactly what was computed.</summary>
public sealed class RowFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("computesim-rows-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Chunks of 1,000 are written row by row; chunks of 9,216 are formatted in parts on every core and joined.
    [Theory]
    [InlineData("csv", 1000)]
    [InlineData("csv", 1 << 14)]
    [InlineData("json", 1000)]
    [InlineData("jsonl", 1000)]
    [InlineData("jsonl", 1 << 14)]
    [InlineData("parquet", 1000)]
    public void Every_point_reads_back_as_computed(string extension, int chunkSize)
    {
        // Unsupported precisions (V100 bf16/fp8) give non-finite numbers, written as null or empty.
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), paramsCount: 12);
        string path = Path.Combine(_dir, "points." + extension);
        using (var sink = new PointFileSink(problem, path, "--out"))
        {
            new CpuBackend(chunkSize).Run(problem, new SweepOptions(0, false), sink);
            sink.Commit();
        }
        var rows = RowFileReaders.Read(path);
        Assert.Equal(problem.Total, rows.Count);
        Assert.Contains(rows, r => r["cost_usd"] is null);
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(RowFileReaders.Expected(PointRow.Of(problem, i, problem.Evaluate(i))), rows[i]);
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [Fact]
    public async Task Parquet_splits_rows_into_groups_and_names_columns_with_units()
    {
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), paramsCount: 3);
        string path = Path.Combine(_dir, "groups.parquet");
        const int groupSize = 1000;
        using (AtomicFile file = AtomicFile.Create(path, "--out"))
        {
            using (var writer = new ParquetRowWriter(file.Stream, PointRow.Of(problem, 0, problem.Evaluate(0)), groupSize))
            {
                for (long i = 0; i < problem.Total; i++)
                    writer.Write(PointRow.Of(problem, i, problem.Evaluate(i)));
                writer.Finish();
            }
            file.Commit();
        }
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        Assert.Equal((int)((problem.Total + groupSize - 1) / groupSize), reader.RowGroupCount);
        Assert.Equal(PointRow.Columns.Select(c => c.Name), reader.Schema.GetDataFields().Select(f => f.Name));
        Assert.Contains("cost_usd", reader.Schema.GetDataFields().Select(f => f.Name));
        Assert.Equal(problem.Total, RowFileReaders.Read(path).Count);
    }

    /// <summary>Parquet's library is asynchronous, the writer is not: no byte of a file goes through a thread-pool thread, so a pool
    /// starved by other blocking work cannot hold a write up (a fuzzed sweep's small file once took 69 s under the test suite's load).</summary>
    [Fact]
    public void Parquet_writes_no_byte_from_the_thread_pool()
    {
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), paramsCount: 3);
        var stream = new ThreadRecordingStream();
        var writing = new Thread(() =>
        {
            using var writer = new ParquetRowWriter(stream, PointRow.Of(problem, 0, problem.Evaluate(0)), 1000);
            for (long i = 0; i < problem.Total; i++)
                writer.Write(PointRow.Of(problem, i, problem.Evaluate(i)));
            writer.Finish();
        });
        writing.Start();
        writing.Join();
        Assert.True(problem.Total > 2000, "several row groups, each encoded on its worker");
        Assert.True(stream.Writes > 0);
        Assert.Equal(0, stream.PoolWrites);
    }

    private sealed class ThreadRecordingStream : MemoryStream
    {
        public int Writes, PoolWrites;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Record();
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Record();
            base.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Record();
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record();
            return base.WriteAsync(buffer, cancellationToken);
        }

        private void Record()
        {
            Interlocked.Increment(ref Writes);
            if (Thread.CurrentThread.IsThreadPoolThread)
                Interlocked.Increment(ref PoolWrites);
        }
    }

    [Theory]
    [InlineData(nameof(RowFileFormat.Csv))]
    [InlineData(nameof(RowFileFormat.Json))]
    [InlineData(nameof(RowFileFormat.JsonLines))]
    public void Text_formats_reach_the_stream_as_they_go_not_only_at_the_end(string formatName)
    {
        RowFileFormat format = Enum.Parse<RowFileFormat>(formatName);
        // A writer that kept every row in memory until the end fails on files of gigabytes.
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), paramsCount: 5);
        using var stream = new MemoryStream();
        using IRowWriter writer = RowFileFormats.Open(format, stream, PointRow.Of(problem, 0, problem.Evaluate(0)), problem.Total);
        long i = 0;
        for (; i < problem.Total && stream.Length == 0; i++)
            writer.Write(PointRow.Of(problem, i, problem.Evaluate(i)));
        Assert.True(stream.Length > 0 && i < problem.Total, $"nothing written after {i} rows");
        Assert.True(stream.Length <= 4 * JsonLinesRowWriter.FlushBytes);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void Predicted_and_planned_rows_read_back_as_computed(string extension)
    {
        // L2 rows fill the layout columns (ints, a flag, a name) and planned rows the plan columns, which an L0 sweep leaves empty.
        SweepProblem problem = PredictedGrids.Make(Selection.Unconstrained(ObjectiveKind.Time));
        var plan = new PlanResult { Ettr = 0.93, WallClockDays = 41.5, GpuHours = 1.25e6, CostUsd = double.NaN, EnergyMwh = 812.25, Co2eTonnes = 3.5e2 };
        List<PointRow> rows = [.. Enumerable.Range(0, (int)problem.Total).Select(i => PointRow.Of(problem, i, problem.Evaluate(i)))];
        rows = [.. rows, .. rows.Take(5).Select(r => r with { Plan = plan })];
        Assert.Contains(rows, r => r.Predicted);
        string path = Path.Combine(_dir, "predicted." + extension);
        RowFile.Write(path, "--out", rows);
        var read = RowFileReaders.Read(path);
        Assert.Equal(rows.Count, read.Count);
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(RowFileReaders.Expected(rows[i]), read[i]);
    }

    [Fact]
    public void Csv_quotes_fields_that_need_it()
    {
        Assert.Equal("\"a,b\"", CsvRowWriter.Cell("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvRowWriter.Cell("say \"hi\""));
        Assert.Equal("plain", CsvRowWriter.Cell("plain"));
        Assert.Equal(["a,b", "x\r\ny", "\"q\""], RowFileReaders.ParseRfc4180("\"a,b\",\"x\r\ny\",\"\"\"q\"\"\"\r\n")[0]);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void Sweep_out_writes_the_new_formats_and_keeps_the_size_limit(string extension)
    {
        string path = Path.Combine(_dir, "sweep." + extension);
        string[] grid = ["sweep", "--params", "1e9..1e12:log:7", "--gpus", "8..1024:pow2", "--hardware", "a100-sxm4-80gb,mi300x", "--backend", "cpu", "--out", path];
        CliRun run = CliRun.Of(grid);
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(7 * 8 * 2, RowFileReaders.Read(path).Count);

        File.Delete(path);
        CliRun.Of([.. grid, "--max-output-mb", "0.01"]).AssertBadInput("--max-output-mb");
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void Compare_out_holds_one_row_per_generation_as_printed(string extension)
    {
        string path = Path.Combine(_dir, "compare." + extension);
        string[] args = ["compare", "--model", "gpt3-175b", "--gpus", "1024", "--precision", "bf16", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,mi250x"];
        CliRun run = CliRun.Of([.. args, "--out", path]);
        Assert.True(run.ExitCode == 0, run.Err);
        var rows = RowFileReaders.Read(path);
        var printed = System.Text.Json.JsonDocument.Parse(CliRun.Of([.. args, "--format", "json"]).Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(printed.Select(p => p.GetProperty("hardware").GetString()), rows.Select(r => (string?)r["hardware"]));
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(printed[i].GetProperty("wall_clock_days").GetDouble(), (double)rows[i]["wall_clock_days"]!);
        Assert.Null(rows.Single(r => (string?)r["hardware"] == "mi250x")["cost_usd"]); // no public price
    }

    [Fact]
    public void Unknown_extensions_are_refused_naming_the_flag()
    {
        CliRun.Of("compare", "--model", "gpt3-175b", "--out", Path.Combine(_dir, "x.xlsx")).AssertBadInput("--out");
        Assert.Throws<InputException>(() => RowFileFormats.Of("x.txt", "--out"));
        Assert.Equal(RowFileFormat.JsonLines, RowFileFormats.Of("X.JSONL", "--out"));
    }
}
