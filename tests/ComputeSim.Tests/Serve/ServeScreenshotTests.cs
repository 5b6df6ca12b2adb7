using OpenQA.Selenium;

namespace ComputeSim.Tests.Serve;

/// <summary>
/// The page in its light and dark themes after a sweep. With COMPUTESIM_SCREENSHOTS=FOLDER (as
/// scripts/docs/regenerate.sh sets it) the two screenshots are written there for the docs.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ServeScreenshotTests(ServeFixture server, Browser browser) : IClassFixture<Browser>, IDisposable
{
    /// <summary>The sweep the docs show: a 175B model across cluster sizes and accelerators.</summary>
    public const string Link = "#params=13B,70B,175B,405B&tokens=20x&gpus=256..16384:pow2&precision=bf16"
        + "&hardware=a100-sxm4-80gb,h100-sxm5-80gb,h200-sxm-141gb,b200-sxm-192gb,mi300x&max_days=90&top=5&must_fit=true&predict=false";

    private readonly TempFolder _files = new("computesim-shots-");

    [SkippableFact]
    public void The_page_draws_in_a_light_and_a_dark_theme()
    {
        Skip.If(Browser.Missing is not null, Browser.Missing);
        string folder = Environment.GetEnvironmentVariable("COMPUTESIM_SCREENSHOTS") is { Length: > 0 } f ? f : _files.Dir;
        string light = Shot("light", Path.Combine(folder, "serve-light.png"));
        string dark = Shot("dark", Path.Combine(folder, "serve-dark.png"));
        Assert.NotEqual(light, dark);
    }

    // Opens the shared link in one theme, waits for the result and saves the page; returns its background colour.
    private string Shot(string theme, string path)
    {
        browser.Open(server.Url + Link + $"&theme={theme}&run=1");
        browser.Until(d => d.FindElement(By.Id("results")).Displayed && d.Url.Contains("run=1", StringComparison.Ordinal));
        browser.Until(d => d.FindElements(By.CssSelector("#plot-pareto circle")).Count > 0);
        browser.Screenshot(path);
        return (string)((IJavaScriptExecutor)browser.Driver).ExecuteScript("return getComputedStyle(document.body).backgroundColor;")!;
    }

    public void Dispose() => _files.Dispose();
}
