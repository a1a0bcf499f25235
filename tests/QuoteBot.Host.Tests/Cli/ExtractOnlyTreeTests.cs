using System.CommandLine;
using QuoteBot.Host.Cli;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>
/// `quotebot extract …` is parsed by a command tree that holds only the extract command (start-up time): what the user
/// sees (help, error lines, results) must be what the full tree gives.
/// </summary>
[Collection("console")]
public class ExtractOnlyTreeTests
{
    [Theory]
    [InlineData("extract", "--help")]
    [InlineData("extract", "-h")]
    [InlineData("extract", "--json", "--help")]
    public void Help_SameAsFullTree(params string[] args)
    {
        var full = Outcome(CliApp.Build(), args);
        var only = Outcome(CliApp.BuildExtractOnly(), args);
        Assert.Contains("extract", full.Out, StringComparison.Ordinal);
        Assert.Contains("--json", full.Out, StringComparison.Ordinal);
        Assert.Equal(full, only);
    }

    [Theory]
    [InlineData("extract")]
    [InlineData("extract", "--bogus")]
    [InlineData("extract", "--json", "no-such-file.txt")]
    [InlineData("extract", "--json", "--json", "no-such-file.txt")]
    public void Mistakes_SameLinesAsFullTree(params string[] args)
    {
        var full = Outcome(CliApp.Build(), args);
        var only = Outcome(CliApp.BuildExtractOnly(), args);
        Assert.NotEqual(0, full.Code);
        Assert.NotEmpty(full.Err);
        Assert.Equal(full, only);
    }

    [Fact]
    public async Task Extract_ThroughRunAsync_SameOutputAsFullTree()
    {
        var dir = Directory.CreateTempSubdirectory("qb-extract-only-");
        try
        {
            var file = Path.Combine(dir.FullName, "a.txt");
            await File.WriteAllTextAsync(file, "Harbor vote\n\n\"We will build the pier this summer,\" Mayor Ines Caldera said on Tuesday.\n");
            var (code, outText, err) = await CliAppTests.Run("extract", "--json", file);
            var full = Outcome(CliApp.Build(), ["extract", "--json", file]);
            Assert.Equal(0, code);
            Assert.Contains("Ines Caldera", outText, StringComparison.Ordinal);
            Assert.Equal(full, (code, outText, err));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("extract", "--help")]
    [InlineData("extract")]
    [InlineData("extract", "--bogus")]
    [InlineData("extract", "--json", "no-such-file.txt")]
    [InlineData("extract", "--json", "FILE")]
    [InlineData("extract", "FILE")]
    [InlineData("bogus-command")]
    public async Task Run_SameOutcomeAsRunAsync(params string[] args)
    {
        // CliApp.Run (the program's entry) runs extract synchronously and everything else through RunAsync.
        var dir = Directory.CreateTempSubdirectory("qb-extract-run-");
        try
        {
            var file = Path.Combine(dir.FullName, "a.txt");
            await File.WriteAllTextAsync(file, "Harbor vote\n\n\"We will build the pier this summer,\" Mayor Ines Caldera said on Tuesday.\n");
            args = args.Select(a => a == "FILE" ? file : a).ToArray();
            var viaRun = await CliAppTests.Capture(() => Task.FromResult(CliApp.Run(args)));
            var viaRunAsync = await CliAppTests.Capture(() => CliApp.RunAsync(args));
            Assert.Equal(viaRunAsync, viaRun);
            Assert.NotEqual(string.Empty, viaRun.Out + viaRun.Err);
            if (args.Contains(file))
            {
                Assert.Equal(0, viaRun.Code);
                Assert.Contains("Ines Caldera", viaRun.Out, StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ExtractOnly_HoldsOnlyExtract()
    {
        Assert.Equal(["extract"], CliApp.BuildExtractOnly().Subcommands.Select(c => c.Name));
        Assert.Contains("import", CliApp.Build().Subcommands.Select(c => c.Name));
    }

    /// <summary>What <see cref="CliApp.RunAsync"/> makes of <paramref name="args"/> with this tree: one error line, or the command's output.</summary>
    private static (int Code, string Out, string Err) Outcome(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            return (1, string.Empty, CliApp.DescribeParseError(parse));
        }

        var o = new StringWriter();
        var e = new StringWriter();
        var code = parse.Invoke(new InvocationConfiguration { Output = o, Error = e });
        return (code, o.ToString(), e.ToString());
    }
}
