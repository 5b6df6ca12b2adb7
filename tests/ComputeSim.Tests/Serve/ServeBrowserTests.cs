using System.Text.Json;
using ComputeSim.Tests.Cli;
using OpenQA.Selenium;

namespace ComputeSim.Tests.Serve;

/// <summary>The page in a real headless Chromium: a sweep from the form, a shared link, a cancelled sweep, an error beside its field.</summary>
[Collection(ServeCollection.Name)]
public sealed class ServeBrowserTests(ServeFixture server, Browser browser) : IClassFixture<Browser>, IDisposable
{
    // One browser for the class: starting Chromium is most of a browser test's time.
    private readonly Browser _browser = browser;
    private readonly TempFolder _files = new("computesim-serve-");

    [SkippableFact]
    public void A_sweep_from_the_form_shows_the_CLIs_top_point_in_the_table_and_the_plot()
    {
        Skip.If(Browser.Missing is not null, Browser.Missing);
        FillSmallSweep();
        RunAndWaitForResult();

        // The spec the page shows and offers for download, run by the CLI.
        string spec = _browser.Driver.FindElement(By.Id("spec-text")).GetAttribute("textContent") ?? "";
        File.WriteAllText(_files["sweep.yaml"], spec);
        JsonElement cliTop = CliRun.Json("sweep", "--spec", _files["sweep.yaml"], "--backend", "cpu", "--quiet").GetProperty("top")[0];

        IWebElement first = _browser.Driver.FindElement(By.CssSelector("#table-top tbody tr"));
        Assert.Equal(cliTop.GetProperty("index").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), first.GetAttribute("data-index"));
        Assert.Equal(cliTop.GetProperty("hardware").GetString(), Cell(first, "hardware"));
        IWebElement marked = _browser.Driver.FindElement(By.CssSelector("#plot-pareto [data-role='best']"));
        Assert.Equal(first.GetAttribute("data-index"), marked.GetAttribute("data-index"));
        Assert.Contains(cliTop.GetProperty("hardware").GetString()!, marked.FindElement(By.TagName("title")).GetAttribute("textContent"));
        Assert.NotEmpty(_browser.Driver.FindElements(By.CssSelector("#table-best tbody tr")));
        Assert.Equal(2, _browser.Driver.FindElements(By.CssSelector("#plot-compare rect.bar")).Count);
        Assert.Equal(2, _browser.Driver.FindElements(By.CssSelector("#plot-scaling polyline")).Count);
        Assert.Equal(2 * 5, _browser.Driver.FindElements(By.CssSelector("#plot-heatmap rect.cell")).Count);
    }

    [SkippableFact]
    public void Reopening_the_shared_link_restores_the_form_and_the_result()
    {
        Skip.If(Browser.Missing is not null, Browser.Missing);
        FillSmallSweep();
        _browser.Fill("max_days", "45");
        RunAndWaitForResult();
        string link = _browser.Driver.Url;
        string topIndex = _browser.Driver.FindElement(By.CssSelector("#table-top tbody tr")).GetAttribute("data-index")!;

        _browser.Open(link);
        IWebElement first = _browser.Until(d => d.FindElement(By.CssSelector("#table-top tbody tr")));
        Assert.Equal(topIndex, first.GetAttribute("data-index"));
        Assert.Equal("7B,70B", Value("params"));
        Assert.Equal("45", Value("max_days"));
        Assert.Equal("64..1024:pow2", Value("gpus"));
        Assert.True(_browser.Driver.FindElement(By.CssSelector("#hardware input[value='mi300x']")).Selected);
        Assert.False(_browser.Driver.FindElement(By.CssSelector("#hardware input[value='a100-sxm4-80gb']")).Selected);
    }

    [SkippableFact]
    public void A_long_sweep_can_be_cancelled_from_the_page()
    {
        Skip.If(Browser.Missing is not null, Browser.Missing);
        _browser.Open(server.Url);
        // Predicted, so that it still runs when cancel is clicked (an L0 grid this size ends within a second).
        var spec = JsonDocument.Parse(ServeApiTests.LongPredictedSpec).RootElement;
        foreach (string field in new[] { "params", "gpus" })
            _browser.Fill(field, spec.GetProperty(field).GetString()!);
        _browser.Driver.FindElement(By.Name("predict")).Click();
        // "Must fit", ticked by default, does not apply to a predicted sweep (the server refuses it): set aside, not sent.
        Assert.False(_browser.Driver.FindElement(By.Name("must_fit")).Enabled);
        _browser.Driver.FindElement(By.Id("run")).Click();
        _browser.Until(d => d.FindElement(By.Id("status")).Text.StartsWith("sweeping", StringComparison.Ordinal));
        _browser.Driver.FindElement(By.Id("cancel")).Click();

        IWebElement status = _browser.Until(d => d.FindElement(By.CssSelector("#status[data-state='cancelled']")));
        Assert.StartsWith("cancelled", status.Text);
        Assert.True(_browser.Driver.FindElement(By.Id("run")).Enabled);
        Assert.False(_browser.Driver.FindElement(By.Id("results")).Displayed);
    }

    [SkippableFact]
    public void Bad_input_shows_the_one_line_error_beside_its_field()
    {
        Skip.If(Browser.Missing is not null, Browser.Missing);
        FillSmallSweep();
        _browser.Fill("max_days", "-3");
        _browser.Driver.FindElement(By.Id("run")).Click();

        IWebElement error = _browser.Until(d => d.FindElement(By.Id("err-max_days")) is { Text.Length: > 0 } e ? e : null)!;
        Assert.StartsWith("max_days: -3", error.Text);
        Assert.DoesNotContain('\n', error.Text);
        IWebElement input = _browser.Driver.FindElement(By.Name("max_days"));
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        // Beside the field: the error follows the label that holds the input.
        Assert.Equal(input.FindElement(By.XPath("..")), error.FindElement(By.XPath("preceding-sibling::*[1]")));
        Assert.Equal("", _browser.Driver.FindElement(By.Id("err-form")).Text);
    }

    private void FillSmallSweep()
    {
        _browser.Open(server.Url);
        _browser.Fill("params", "7B,70B");
        _browser.Fill("gpus", "64..1024:pow2");
        foreach (string name in new[] { "h100-sxm5-80gb", "mi300x" })
            _browser.Driver.FindElement(By.CssSelector($"#hardware input[value='{name}']")).Click();
    }

    private void RunAndWaitForResult()
    {
        _browser.Driver.FindElement(By.Id("run")).Click();
        _browser.Until(d => d.FindElement(By.Id("results")).Displayed && d.Url.Contains("run=1", StringComparison.Ordinal));
    }

    private string Value(string name) => _browser.Driver.FindElement(By.Name(name)).GetAttribute("value") ?? "";

    private static string Cell(IWebElement row, string column) => row.FindElement(By.CssSelector($"td[data-column='{column}']")).Text;

    public void Dispose() => _files.Dispose();
}
