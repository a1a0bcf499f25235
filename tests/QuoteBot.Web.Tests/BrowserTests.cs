using Microsoft.AspNetCore.Builder;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace QuoteBot.Web.Tests;

/// <summary>
/// Debian's headless Chromium, driven by its chromium-driver, against the pages served by Kestrel on 127.0.0.1.
/// One browser and one server for the class. `.ci/run` installs chromium and chromium-driver when they are missing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private string? _profile;

    internal Corpus Corpus { get; private set; } = null!;

    internal WebApplication App { get; private set; } = null!;

    public ChromeDriver Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(DriverPath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's chromium and chromium-driver ({ChromiumPath}, {DriverPath}): apt-get install chromium chromium-driver, or run .ci/packages.sh.");
        }

        Corpus = await Corpus.CreateAsync();
        App = await PagesApp.StartKestrelAsync(Corpus);
        BaseUrl = App.Urls.Single(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));

        _profile = Directory.CreateTempSubdirectory("quotebot-chromium-").FullName;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1100,1300", $"--user-data-dir={_profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        Browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Browser.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public async Task DisposeAsync()
    {
        Browser?.Quit();
        Browser?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (_profile is not null)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be releasing a lock file; the temporary folder is left behind.
            }
        }
    }
}

[CollectionDefinition("browser", DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

[Collection("browser")]
public sealed class BrowserTests(BrowserFixture fixture)
{
    private ChromeDriver Browser => fixture.Browser;

    [Fact]
    public void A_quote_page_shows_the_quote_as_a_person_sees_it_with_its_card_in_the_meta_tags()
    {
        Browser.Navigate().GoToUrl($"{fixture.BaseUrl}/q/{fixture.Corpus.Plain}");

        Assert.Equal("We will keep the northern harbour open through the winter.", Browser.FindElement(By.Id("quote-text")).Text);
        Assert.Equal("— Mara Velin", Browser.FindElement(By.Id("speaker")).Text);
        Assert.Equal("Harbour Ledger · 14 March 2026 · Harbour stays open", Browser.FindElement(By.Id("source")).Text);
        Assert.Contains("Ice came early this year.", Browser.FindElement(By.Id("context")).Text, StringComparison.Ordinal);

        var link = Browser.FindElement(By.CssSelector("#source a"));
        Assert.Equal("https://news.example.org/harbour?x=1&y=2", link.GetAttribute("href"));
        Assert.Equal("noopener nofollow ugc", link.GetAttribute("rel"));

        Assert.Equal($"{fixture.BaseUrl}/q/{fixture.Corpus.Plain}.png", Meta("property", "og:image"));
        Assert.Equal("summary_large_image", Meta("name", "twitter:card"));
        Assert.StartsWith("“We will keep the northern harbour", Meta("property", "og:title"), StringComparison.Ordinal);

        // The card image on the page loaded (CSP allows same-origin images) and is 1200 px wide.
        var card = Browser.FindElement(By.CssSelector("figure.card img"));
        var width = Browser.ExecuteScript("return arguments[0].complete ? arguments[0].naturalWidth : -1;", card);
        Assert.Equal(1200L, width);
    }

    [Fact]
    public void The_search_form_works_without_javascript_and_leads_to_the_quote()
    {
        Browser.Navigate().GoToUrl(fixture.BaseUrl + "/");
        var box = Browser.FindElement(By.Id("q"));
        box.SendKeys("speaker:\"mara velin\"");
        box.Submit();

        var wait = new WebDriverWait(Browser, TimeSpan.FromSeconds(30)); // a guard: a busy machine may take seconds to render
        var results = wait.Until(d => d.FindElements(By.CssSelector("#results li")).Count > 0 ? d.FindElements(By.CssSelector("#results li")) : null);
        Assert.Single(results);
        Assert.Contains("q=speaker%3A%22mara+velin%22", Browser.Url, StringComparison.Ordinal);
        Assert.Equal("speaker:\"mara velin\"", Browser.FindElement(By.Id("q")).GetAttribute("value"));

        results[0].FindElement(By.TagName("a")).Click();
        wait.Until(d => d.Url.EndsWith($"/q/{fixture.Corpus.Plain}", StringComparison.Ordinal));
        Assert.Equal("— Mara Velin", Browser.FindElement(By.Id("speaker")).Text);
    }

    [Fact]
    public void A_hostile_quote_shows_its_markup_as_text_and_runs_nothing()
    {
        Browser.Navigate().GoToUrl($"{fixture.BaseUrl}/q/{fixture.Corpus.Hostile}");

        Assert.Equal(Corpus.HostileText, Browser.FindElement(By.Id("quote-text")).Text);
        Assert.Equal("— <b>Mallory</b>", Browser.FindElement(By.Id("speaker")).Text);
        Assert.Throws<NoAlertPresentException>(() => Browser.SwitchTo().Alert());

        // No element came out of the text: the only image is the card, there is no script, iframe or bold tag,
        // and the hostile source link is an https link whose markup stayed inside the address.
        Assert.Single(Browser.FindElements(By.CssSelector("main img")));
        Assert.Empty(Browser.FindElements(By.TagName("script")));
        Assert.Empty(Browser.FindElements(By.TagName("iframe")));
        Assert.Empty(Browser.FindElements(By.CssSelector("main b")));
        Assert.All(Browser.FindElements(By.CssSelector("#source a")), a =>
        {
            Assert.StartsWith("https://example.org/", a.GetAttribute("href") ?? string.Empty, StringComparison.Ordinal);
            Assert.Equal("noopener nofollow ugc", a.GetAttribute("rel"));
        });
        Assert.All(Browser.FindElements(By.TagName("a")), a =>
            Assert.DoesNotContain("javascript:", a.GetAttribute("href") ?? string.Empty, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<iframe", Browser.FindElement(By.Id("context")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_search_is_echoed_as_text()
    {
        var hostile = "\"><img src=x onerror=alert(1)>";
        Browser.Navigate().GoToUrl(fixture.BaseUrl + "/?q=" + Uri.EscapeDataString(hostile));

        Assert.Equal(hostile, Browser.FindElement(By.Id("q")).GetAttribute("value"));
        Assert.Empty(Browser.FindElements(By.CssSelector("main img")));
        Assert.Throws<NoAlertPresentException>(() => Browser.SwitchTo().Alert());
    }

    [Fact]
    public void A_removed_quote_shows_a_gone_page()
    {
        Browser.Navigate().GoToUrl($"{fixture.BaseUrl}/q/{fixture.Corpus.Removed}");
        Assert.Equal("This quote was removed.", Browser.FindElement(By.Id("message")).Text);
        Assert.DoesNotContain("taken back", Browser.PageSource, StringComparison.Ordinal);
    }

    private string Meta(string attribute, string name) =>
        Browser.FindElement(By.CssSelector($"meta[{attribute}='{name}']")).GetAttribute("content") ?? string.Empty;
}
