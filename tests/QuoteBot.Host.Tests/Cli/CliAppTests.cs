using QuoteBot.Host.Cli;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>The CLI writes to the process's console: these tests capture it, so they do not run in parallel.</summary>
[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection("console")]
public class CliAppTests
{
    internal static Task<(int Code, string Out, string Err)> Run(params string[] args) => Capture(() => CliApp.RunAsync(args));

    /// <summary>Runs a piece of the CLI with the console captured: its exit code, standard output and standard error.</summary>
    internal static async Task<(int Code, string Out, string Err)> Capture(Func<Task<int>> body)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var o = new StringWriter();
        var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            var code = await body();
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public async Task Show_NotAnId_ExitOneWithOneLine()
    {
        using var env = new TempEnv();
        var (code, _, err) = await Run("show", "abc");
        Assert.Equal(1, code);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Search_BadProvider_ConfigurationErrorNamesSetting()
    {
        using var env = new TempEnv(("Storage__Provider", "Mongo"));
        var (code, _, err) = await Run("search", "x");
        Assert.Equal(1, code);
        Assert.Contains("Storage__Provider", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_RetiredPostingsIndexSetting_StillRuns()
    {
        // Storage:PostingsIndex meant something until schema 12: an operator's old configuration must not stop the CLI.
        using var env = new TempEnv(("Storage__PostingsIndex", "false"));
        var (code, _, err) = await Run("search", "x");
        Assert.Equal(0, code);
        Assert.DoesNotContain("is not a QuoteBot setting", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage__Provider", "Postgres", "Storage__ConnectionString")]
    [InlineData("Storage__Path", "", "Storage__Path")]
    [InlineData("Telegram__Token", "not-a-token", "Telegram")]
    public async Task Run_BadSetting_OneLineNamingTheSetting(string name, string value, string named)
    {
        using var env = new TempEnv((name, value), ("Chat__Terminal", "never"));
        var (code, _, err) = await Run(name.StartsWith("Telegram", StringComparison.Ordinal) ? [] : ["search", "x"]);
        Assert.Equal(1, code);
        Assert.Contains(named, err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task UnknownCommand_OneLineOnStderr_ExitOne()
    {
        using var env = new TempEnv();
        var (code, stdout, err) = await Run("frobnicate");
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("Unknown command 'frobnicate'", line, StringComparison.Ordinal);
        Assert.Contains("quotebot --help", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "search", "x", "--limit", "abc" }, "--limit must be a whole number")]
    [InlineData(new[] { "search", "x", "--limit" }, "--limit needs a value")]
    [InlineData(new[] { "show" }, "`quotebot show` needs <id>")]
    [InlineData(new[] { "add", "Some words" }, "`quotebot add` needs --speaker")]
    [InlineData(new[] { "export", "--frob" }, "Unknown option '--frob' for `quotebot export`")]
    [InlineData(new[] { "bench", "--quotes", "lots" }, "--quotes must be a whole number")]
    public async Task BadCommandLine_OnePlainSentence(string[] args, string expected)
    {
        using var env = new TempEnv();
        var (code, stdout, err) = await Run(args);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_IntoMissingFolder_PlainSentenceNamingFolder()
    {
        using var env = new TempEnv();
        var target = Path.Combine(env.Dir, "missing", "x.json");
        var (code, _, err) = await Run("export", "--out", target);
        Assert.Equal(1, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Equal($"Cannot write {target}: the folder {Path.Combine(env.Dir, "missing")} does not exist.", line);
        Assert.False(Directory.Exists(Path.Combine(env.Dir, "missing")));
    }

    [Fact]
    public async Task Export_OntoAFolder_PlainSentence()
    {
        using var env = new TempEnv();
        var (code, _, err) = await Run("export", "--out", env.Dir);
        Assert.Equal(1, code);
        Assert.Contains("it is a folder", Assert.Single(err.Trim().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveAndRestore_SpeakCli_NotChatCommands()
    {
        using var env = new TempEnv();
        Assert.Equal(0, (await Run("add", "A line said for the test", "--speaker", "Yvonne Test")).Code);

        var removed = await Run("remove", "1");
        var again = await Run("remove", "1");
        var restored = await Run("restore", "#1");

        Assert.Equal((0, "Removed quote #1; `quotebot restore 1` brings it back."), (removed.Code, removed.Out.Trim()));
        Assert.Equal(0, again.Code);
        Assert.DoesNotContain("/restorequote", removed.Out + again.Out + removed.Err + again.Err, StringComparison.Ordinal);
        Assert.Equal((0, "Restored quote #1."), (restored.Code, restored.Out.Trim()));
    }

    [Fact]
    public async Task Search_DefaultSetting_NeverLoadsTheSampleIntoTheStore()
    {
        // An operator's first look at a freshly deployed (empty) database must not fill it with invented quotes.
        using var env = new TempEnv(("Corpus__LoadSampleWhenEmpty", "auto"));
        var (code, stdout, _) = await Run("search", "territory");
        var (showCode, _, _) = await Run("show", "1");
        Assert.Equal(0, code);
        Assert.Equal("Nothing matched.", stdout.Trim());
        Assert.Equal(1, showCode);
    }

    [Fact]
    public async Task Remove_NoSuchQuote_ExitOne()
    {
        using var env = new TempEnv();
        var (code, _, err) = await Run("remove", "86");
        Assert.Equal(1, code);
        Assert.Equal("There is no quote #86.", err.Trim());
    }

    [Fact]
    public async Task Extract_MissingFile_OneLine()
    {
        using var env = new TempEnv();
        var (code, _, err) = await Run("extract", Path.Combine(env.Dir, "nope.txt"));
        Assert.Equal(1, code);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Import_JsonThatIsNeitherExportNorArticles_ExitOneNamingFile()
    {
        using var env = new TempEnv();
        var file = Path.Combine(env.Dir, "bad.json");
        await File.WriteAllTextAsync(file, "{\"hello\": 1}");
        var (code, _, err) = await Run("import", file);
        Assert.Equal(1, code);
        Assert.Contains("bad.json", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BrokenJson_ExitOneWithOneLine()
    {
        using var env = new TempEnv();
        var file = Path.Combine(env.Dir, "broken.json");
        await File.WriteAllTextAsync(file, "{\"format\": \"quotebot-export\", \"quotes\": [ {");
        var (code, _, err) = await Run("import", file);
        Assert.Equal(1, code);
        Assert.Single(err.Trim().Split('\n'));
    }
}

/// <summary>Points the store at a fresh temporary folder (and sets other variables) for one test.</summary>
internal sealed class TempEnv : IDisposable
{
    private readonly List<(string Name, string? Old)> _saved = [];

    public TempEnv(params (string Name, string Value)[] vars)
    {
        Dir = Path.Combine(Path.GetTempPath(), "quotebot-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Set("Storage__Path", Path.Combine(Dir, "q.db"));
        Set("Corpus__LoadSampleWhenEmpty", "false");
        foreach (var (name, value) in vars)
        {
            Set(name, value);
        }
    }

    public string Dir { get; }

    private void Set(string name, string value)
    {
        _saved.Add((name, Environment.GetEnvironmentVariable(name)));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, old) in Enumerable.Reverse(_saved))
        {
            Environment.SetEnvironmentVariable(name, old);
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
