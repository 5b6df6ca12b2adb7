using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ComputeSim.Tests.Serve;

/// <summary>
/// Debian's Chromium and chromedriver, started by the test itself (headless, no network of its own, a fresh
/// profile); the browser tests are reported skipped where they are not installed.
/// </summary>
public sealed class Browser : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";
    private const string DriverName = "chromedriver";
    private static readonly TimeSpan PageLoad = TimeSpan.FromSeconds(20);

    private readonly Lazy<ChromeDriver> _driver;
    private readonly TempFolder _profile = new("computesim-chromium-");

    public Browser() => _driver = new Lazy<ChromeDriver>(Start);

    /// <summary>Why the browser tests cannot run here, or null.</summary>
    public static string? Missing =>
        !File.Exists(ChromiumPath) ? $"{ChromiumPath} is not installed (apt-get install chromium chromium-driver)"
        : !File.Exists(Path.Combine(DriverFolder, DriverName)) ? $"{DriverFolder}/{DriverName} is not installed (apt-get install chromium-driver)"
        : null;

    /// <summary>The browser, started on first use.</summary>
    public ChromeDriver Driver => _driver.Value;

    private ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, DriverName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1800", $"--user-data-dir={_profile.Dir}");
        var driver = new ChromeDriver(service, options, PageLoad);
        driver.Manage().Timeouts().AsynchronousJavaScript = PageLoad;
        return driver;
    }

    /// <summary>Waits until <paramref name="ready"/> holds (or fails the test after <paramref name="seconds"/>).</summary>
    public T Until<T>(Func<IWebDriver, T> ready, double seconds = 20)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(50) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(ready);
    }

    /// <summary>Opens the page afresh (not as a change of fragment) and waits until it has loaded the accelerators.</summary>
    public void Open(string url)
    {
        Driver.Navigate().GoToUrl("about:blank");
        Driver.Navigate().GoToUrl(url);
        Until(d => d.FindElement(By.CssSelector("body[data-ready='true']")));
    }

    /// <summary>Types into a form field, replacing what it held.</summary>
    public void Fill(string name, string text)
    {
        IWebElement input = Driver.FindElement(By.Name(name));
        input.Clear();
        input.SendKeys(text);
    }

    /// <summary>The page's screenshot as a PNG file.</summary>
    public void Screenshot(string path) => Driver.GetScreenshot().SaveAsFile(path);

    public void Dispose()
    {
        if (_driver.IsValueCreated)
            _driver.Value.Quit();
        _profile.Dispose();
    }
}
