using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ComputeSim.Io;
using ComputeSim.Model;

namespace ComputeSim.Profiles;

/// <summary>Reads and validates hardware profiles; every rejection names the file and the field.</summary>
public static partial class ProfileLoader
{
    private const double BytesPerGb = 1e9;

    /// <summary>Scale-up link kinds a profile may name.</summary>
    public static readonly IReadOnlySet<string> LinkKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "nvlink2", "nvlink3", "nvlink4", "nvlink5", "nvlink-bridge", "pcie3", "pcie4", "pcie5", "infinity-fabric",
    };

    private static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    /// <summary>Largest file read as a profile (a profile is about 1 KB): a wrong path to a huge file fails fast.</summary>
    public const int MaxFileBytes = BoundedFile.DefaultMaxBytes;

    /// <summary>Loads one profile file; the name must equal the file stem.</summary>
    public static HardwareProfile LoadFile(string path)
    {
        return Parse(ReadText(path, "profile"), path, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>
    /// Parses and validates profile text; <paramref name="origin"/> names it in errors. The name must equal
    /// <paramref name="expectedName"/> (a file's stem); null for text that comes with no file name (an upload).
    /// </summary>
    public static HardwareProfile Parse(string json, string origin, string? expectedName)
    {
        ProfileFile file = Deserialize<ProfileFile>(json, origin);
        Validate(file, origin, expectedName);
        return new HardwareProfile(file.Name, file, ToSpec(file));
    }

    /// <summary>Reads a strict JSON object: every member required, none unknown, no duplicates; errors name origin and field.</summary>
    public static T Deserialize<T>(string json, string origin) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InputException(origin, $"the file holds null, expected an object");
        }
        catch (JsonException e)
        {
            throw new InputException(origin, $"{Describe(e)}");
        }
    }

    /// <summary>
    /// Reads a file's text, at most <see cref="MaxFileBytes"/> from a regular file (a directory, FIFO or
    /// device is refused unopened); errors name the path and say what it should have been.
    /// </summary>
    public static string ReadText(string path, string what) => BoundedFile.ReadAllText(path, MaxFileBytes, path, what);

    private static string Describe(JsonException e)
    {
        string where = e.LineNumber is long line ? $" (line {line + 1})" : "";
        string path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : e.Path.TrimStart('$', '.');
        string message = e.Message.Split('\n')[0];
        Match missing = MissingRegex().Match(message);
        if (missing.Success)
            return $"missing field(s) {missing.Groups[1].Value.Trim().TrimEnd('.')}{where}";
        Match unknown = UnknownRegex().Match(message);
        if (unknown.Success)
            return $"unknown field '{unknown.Groups[1].Value}'{where}";
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return $"duplicate field '{path}'{where}";
        if (message.Contains("could not be converted", StringComparison.Ordinal) || message.Contains("null", StringComparison.Ordinal))
            return path.Length > 0 ? $"field '{path}' has the wrong type or is null{where}" : $"not a profile object{where}";
        return $"invalid JSON{(path.Length > 0 ? $" at '{path}'" : "")}{where}: {message.Split(" Path:")[0]}";
    }

    [GeneratedRegex("missing required properties including: (.*)$")]
    private static partial Regex MissingRegex();

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownRegex();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    /// <summary>Profile names: lower-case letters and digits, in dash-separated words.</summary>
    public static partial Regex NameRegex();

    [GeneratedRegex(@"^\d{4}-\d{2}(-\d{2})?$")]
    private static partial Regex DateRegex();

    private static void Validate(ProfileFile f, string origin, string? expectedName)
    {
        void Fail(string field, string why) => throw new InputException(origin, $"field '{field}' {why}");
        void Range(string field, double value, double min, double max)
        {
            if (!(value > min && value <= max))
                Fail(field, $"is {value.ToString(CultureInfo.InvariantCulture)}, expected > {min} and <= {max}");
        }
        void Text(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
                Fail(field, "is empty");
        }

        if (!NameRegex().IsMatch(f.Name))
            Fail("name", $"is '{f.Name}', expected lower-case letters, digits and dashes");
        if (expectedName is not null && f.Name != expectedName)
            Fail("name", $"is '{f.Name}' but the file is named '{expectedName}'");
        Text("display_name", f.DisplayName);
        Text("vendor", f.Vendor);
        Text("form_factor", f.FormFactor);
        if (f.LaunchYear is < 1990 or > 2100)
            Fail("launch_year", $"is {f.LaunchYear}, expected 1990..2100");

        var peaks = new (string Field, double? Value)[]
        {
            ("fp64", f.PeakDenseTflops.Fp64), ("fp32", f.PeakDenseTflops.Fp32), ("tf32", f.PeakDenseTflops.Tf32),
            ("fp16", f.PeakDenseTflops.Fp16), ("bf16", f.PeakDenseTflops.Bf16), ("fp8", f.PeakDenseTflops.Fp8),
            ("mxfp8", f.PeakDenseTflops.Mxfp8), ("nvfp4", f.PeakDenseTflops.Nvfp4), ("mxfp4", f.PeakDenseTflops.Mxfp4),
        };
        foreach (var (field, value) in peaks)
        {
            if (value is double v)
                Range($"peak_dense_tflops.{field}", v, 0, 1e5);
        }
        if (peaks.All(p => p.Value is null))
            Fail("peak_dense_tflops", "has no supported precision");

        Range("memory_gb", f.MemoryGb, 0, 1e5);
        Range("memory_bandwidth_gb_per_s", f.MemoryBandwidthGbPerS, 0, 1e6);
        if (!LinkKinds.Contains(f.ScaleUpLink.Kind))
            Fail("scale_up_link.kind", $"is '{f.ScaleUpLink.Kind}', expected one of {string.Join(", ", LinkKinds)}");
        Range("scale_up_link.bandwidth_gb_per_s", f.ScaleUpLink.BandwidthGbPerS, 0, 1e5);
        Range("board_power_w", f.BoardPowerW, 0, 1e4);

        CheckOptional("price_per_gpu_hour_usd", f.PricePerGpuHourUsd, 1e3, "price_source", f.PriceSource, Fail, Range, Text);
        if ((f.PricePerGpuHourUsd is null) != (f.PriceDate is null))
            Fail("price_date", "must be given exactly when price_per_gpu_hour_usd is");
        if (f.PriceDate is not null && !DateRegex().IsMatch(f.PriceDate))
            Fail("price_date", $"is '{f.PriceDate}', expected YYYY-MM or YYYY-MM-DD");
        CheckPriceClass(f, Fail, Text);
        CheckOptional("purchase_price_usd", f.PurchasePriceUsd, 1e7, "purchase_price_source", f.PurchasePriceSource, Fail, Range, Text);

        CheckOptional("matmul_efficiency", f.MatmulEfficiency, 1.0, "matmul_efficiency_source", f.MatmulEfficiencySource, Fail, Range, Text);
        CheckOptional("flash_attention_2_speed", f.FlashAttention2Speed, 1.0, "flash_attention_2_speed_source", f.FlashAttention2SpeedSource, Fail, Range, Text);
        CheckOptional("fp8_attention_speed", f.Fp8AttentionSpeed, 4.0, "fp8_attention_speed_source", f.Fp8AttentionSpeedSource, Fail, Range, Text);
        if (f.Fp8AttentionSpeed is > 0 && f.PeakDenseTflops.Fp8 is null)
            Fail("fp8_attention_speed", "is given but the accelerator has no FP8 peak (peak_dense_tflops.fp8)");
        Range("compute_units", f.ComputeUnits, 1, 1e5);
        Text("compute_units_source", f.ComputeUnitsSource);
        Range("scale_up_busbw_gb_per_s", f.ScaleUpBusbwGbPerS, 0, 1e5);
        Text("scale_up_busbw_source", f.ScaleUpBusbwSource);

        if (f.Sources.Length == 0)
            Fail("sources", "is empty; a profile names its sources");
        for (int i = 0; i < f.Sources.Length; i++)
            Text($"sources[{i}]", f.Sources[i]);
    }

    // A price names its class and provider; no price, neither.
    private static void CheckPriceClass(ProfileFile f, Action<string, string> fail, Action<string, string?> text)
    {
        if (f.PricePerGpuHourUsd is null)
        {
            if (f.PriceClass is not null)
                fail("price_class", "must be null when price_per_gpu_hour_usd is null");
            if (f.PriceProvider is not null)
                fail("price_provider", "must be null when price_per_gpu_hour_usd is null");
            return;
        }
        text("price_class", f.PriceClass);
        text("price_provider", f.PriceProvider);
        if (PriceClasses.Problem(f.PriceClass!, f.PriceProvider!) is string why)
            fail("price_class", why);
    }

    // A value that may be null (not public or not measured), whose source is required exactly when it is given.
    private static void CheckOptional(
        string field, double? value, double max, string sourceField, string? source,
        Action<string, string> fail, Action<string, double, double, double> range, Action<string, string?> text)
    {
        if (value is double v)
        {
            range(field, v, 0, max);
            text(sourceField, source);
        }
        else if (source is not null)
        {
            fail(sourceField, $"must be null when {field} is null");
        }
    }

    private static AcceleratorSpec ToSpec(ProfileFile f) => new()
    {
        PeakFp64 = Tflops(f.PeakDenseTflops.Fp64),
        PeakFp32 = Tflops(f.PeakDenseTflops.Fp32),
        PeakTf32 = Tflops(f.PeakDenseTflops.Tf32),
        PeakFp16 = Tflops(f.PeakDenseTflops.Fp16),
        PeakBf16 = Tflops(f.PeakDenseTflops.Bf16),
        PeakFp8 = Tflops(f.PeakDenseTflops.Fp8),
        PeakMxfp8 = Tflops(f.PeakDenseTflops.Mxfp8),
        PeakNvfp4 = Tflops(f.PeakDenseTflops.Nvfp4),
        PeakMxfp4 = Tflops(f.PeakDenseTflops.Mxfp4),
        MemoryBytes = f.MemoryGb * BytesPerGb,
        MemoryBandwidthBytesPerSecond = f.MemoryBandwidthGbPerS * BytesPerGb,
        LinkBandwidthBytesPerSecond = f.ScaleUpLink.BandwidthGbPerS * BytesPerGb,
        BoardPowerWatts = f.BoardPowerW,
        PricePerGpuHourUsd = f.PricePerGpuHourUsd ?? 0.0,
        PurchasePriceUsd = f.PurchasePriceUsd ?? 0.0,
        MatmulEfficiency = f.MatmulEfficiency ?? 0.0,
        ScaleUpBusBytesPerSecond = f.ScaleUpBusbwGbPerS * BytesPerGb,
        ComputeUnits = f.ComputeUnits,
        FlashAttention2Speed = f.FlashAttention2Speed ?? 0.0,
        Fp8AttentionSpeed = f.Fp8AttentionSpeed ?? 0.0,
    };

    private static double Tflops(double? value) => (value ?? 0.0) * TrainingCost.FlopsPerTflop;
}
