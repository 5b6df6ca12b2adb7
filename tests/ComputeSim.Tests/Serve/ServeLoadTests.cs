using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ComputeSim.Serve;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Serve;

/// <summary>
/// A bounded load test against the local server: a fixed number of requests from several clients at once,
/// each with its own job, within a time limit. Every answer must be the one for its own request.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ServeLoadTests(ServeFixture server, ITestOutputHelper output)
{
    private const int Requests = 240;
    private const int Concurrency = 16;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Under_load_every_answer_is_its_own_request_and_the_server_stays_responsive()
    {
        using var deadline = new CancellationTokenSource(Limit);
        var latencies = new ConcurrentBag<double>();
        var wrong = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = deadline.Token },
            async (i, cancel) =>
            {
                var one = Stopwatch.StartNew();
                string? problem = i % 3 == 0 ? await SweepAnswersItsOwn(i, cancel) : await EstimateAnswersItsOwn(i, cancel);
                latencies.Add(one.Elapsed.TotalMilliseconds);
                if (problem is not null)
                    wrong.Add(problem);
            });
        clock.Stop();

        // Responsive while it was loaded, and after: a light request answers at once.
        var probe = Stopwatch.StartNew();
        Assert.True((await server.Http.GetAsync("api/profiles")).IsSuccessStatusCode);
        double[] sorted = [.. latencies.Order()];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: {sorted.Length} requests, concurrency {Concurrency}, {clock.Elapsed.TotalSeconds:0.0} s, p50 {Percentile(sorted, 0.5):0} ms, "
            + $"p99 {Percentile(sorted, 0.99):0} ms, errors {wrong.Count}, probe after {probe.Elapsed.TotalMilliseconds:0} ms"));
        Assert.Empty(wrong);
        Assert.Equal(Requests, sorted.Length);
        Assert.True(probe.Elapsed < TimeSpan.FromSeconds(2), $"the probe took {probe.Elapsed.TotalMilliseconds:0} ms");
    }

    // A job whose answer can be told apart: its own model size.
    private async Task<string?> EstimateAnswersItsOwn(int i, CancellationToken cancel)
    {
        double parameters = (i + 1) * 1e9;
        string body = $$"""{"params": {{parameters.ToString("R", CultureInfo.InvariantCulture)}}, "tokens": "20x", "gpus": {{8 << (i % 8)}}, "hardware": "h100-sxm5-80gb", "utilization": 0.4}""";
        JsonNode? answer = await Post("api/estimate", body, null, cancel);
        return answer?["params"]?.GetValue<double>() == parameters && answer["gpus"]?.GetValue<double>() == 8 << (i % 8)
            ? null : $"estimate {i}: {answer?.ToJsonString() ?? "no answer"}";
    }

    // A small sweep from its own client, so that none cancels another: its top point is on its own params axis.
    private async Task<string?> SweepAnswersItsOwn(int i, CancellationToken cancel)
    {
        double[] axis = [(i + 1) * 1e9, (i + 2) * 1e9];
        string body = $$"""{"params": "{{axis[0].ToString("R", CultureInfo.InvariantCulture)}},{{axis[1].ToString("R", CultureInfo.InvariantCulture)}}", "gpus": "8..64:pow2", "hardware": ["mi300x"], "top": 2}""";
        JsonNode? answer = await Post("api/sweep", body, $"load-{i}", cancel);
        JsonArray? top = answer?["top"]?.AsArray();
        return top is { Count: 2 } && top.All(p => axis.Contains(p!["params"]!.GetValue<double>())) ? null : $"sweep {i}: {answer?.ToJsonString() ?? "no answer"}";
    }

    private async Task<JsonNode?> Post(string path, string body, string? client, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (client is not null)
            request.Headers.Add(SweepEndpoint.ClientHeader, client);
        using HttpResponseMessage response = await server.Http.SendAsync(request, cancel);
        string text = await response.Content.ReadAsStringAsync(cancel);
        return response.IsSuccessStatusCode ? JsonNode.Parse(text) : new JsonObject { ["status"] = (int)response.StatusCode, ["body"] = text };
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
}
