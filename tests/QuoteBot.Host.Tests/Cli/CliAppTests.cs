using QuoteBot.Host.Cli;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>The CLI writes to the process's console: these tests capture it, so they do not run in parallel.</summary>
[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection("console")]
public class CliAppTests
{
    internal static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var o = new StringWriter();
        var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            var code = await CliApp.RunAsync(args);
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
