using System.Globalization;
using System.Text;
using System.Text.Json;
using ComputeSim.Cli.Output;
using Parquet;
using Parquet.Schema;

namespace ComputeSim.Tests.Output;

/// <summary>
/// Reads row files back with real readers (an RFC 4180 parser, System.Text.Json, Parquet.Net's reader)
/// into one shape: a name → value map per row, numbers as double (null where absent), flags as bool.
/// </summary>
public static class RowFileReaders
{
    public static List<Dictionary<string, object?>> Read(string path) => Path.GetExtension(path) switch
    {
        ".csv" => Csv(path),
        ".json" => Json(JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.EnumerateArray()),
        ".jsonl" => Json(File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)),
        ".parquet" => Task.Run(() => Parquet(path)).GetAwaiter().GetResult(),
        _ => throw new ArgumentException(path),
    };

    /// <summary>What a file should hold for a row: every column, non-finite numbers as null.</summary>
    public static Dictionary<string, object?> Expected(PointRow row) =>
        PointRow.Columns.ToDictionary(c => c.Name, c => Normalise(c.Value(row)));

    private static object? Normalise(object? v) => v switch
    {
        double d => double.IsFinite(d) ? d : null,
        long l => (double)l,
        int i => (double)i,
        _ => v,
    };

    private static List<Dictionary<string, object?>> Json(IEnumerable<JsonElement> rows) =>
        rows.Select(r => r.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.Number => (object?)p.Value.GetDouble(),
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        })).ToList();

    private static List<Dictionary<string, object?>> Csv(string path)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        Assert.EndsWith("\r\n", text);
        List<List<string>> records = ParseRfc4180(text);
        List<string> header = records[0];
        return records.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => CsvValue(p.Second))).ToList();
    }

    private static object? CsvValue(string s) =>
        s.Length == 0 ? null
        : s is "true" or "false" ? s == "true"
        : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
        : s;

    /// <summary>RFC 4180: fields split by commas, records by CRLF, quoted fields may hold both and doubled quotes.</summary>
    public static List<List<string>> ParseRfc4180(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }
        Assert.False(quoted, "unterminated quote");
        Assert.Empty(record);
        return records;
    }

    private static async Task<List<Dictionary<string, object?>>> Parquet(string path)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        var rows = new List<Dictionary<string, object?>>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            var columns = new List<(string Name, object?[] Values)>();
            foreach (DataField f in reader.Schema.GetDataFields())
                columns.Add((f.Name, await Column(group, f, n)));
            for (int i = 0; i < n; i++)
                rows.Add(columns.ToDictionary(c => c.Name, c => c.Values[i]));
        }
        return rows;
    }

    private static async Task<object?[]> Column(ParquetRowGroupReader group, DataField f, int n)
    {
        if (f.ClrType == typeof(double))
        {
            var v = new double?[n];
            await group.ReadAsync(f, v.AsMemory());
            return v.Select(x => (object?)x).ToArray();
        }
        if (f.ClrType == typeof(long))
        {
            var v = new long[n];
            await group.ReadAsync(f, v.AsMemory());
            return v.Select(x => (object?)(double)x).ToArray();
        }
        if (f.ClrType == typeof(int))
        {
            var v = new int?[n];
            await group.ReadAsync(f, v.AsMemory());
            return v.Select(x => x is int i ? (object?)(double)i : null).ToArray();
        }
        if (f.ClrType == typeof(bool) && f.IsNullable)
        {
            var v = new bool?[n];
            await group.ReadAsync(f, v.AsMemory());
            return v.Select(x => (object?)x).ToArray();
        }
        if (f.ClrType == typeof(bool))
        {
            var v = new bool[n];
            await group.ReadAsync(f, v.AsMemory());
            return v.Select(x => (object?)x).ToArray();
        }
        var s = new string?[n];
        await group.ReadAsync(f, s.AsMemory());
        return s;
    }
}
