using System.Text.RegularExpressions;
using QuoteBot.Host.Hosting;

namespace QuoteBot.Host.Tests.Hosting;

/// <summary>The Dockerfile, compose file, .env example and docs, read as an operator reads them (no Docker engine needed).</summary>
public partial class DeploymentFilesTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bot.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    [GeneratedRegex(@"\b([A-Z][A-Za-z]+)__([A-Z][A-Za-z]+)(?:__\d+)?\b")]
    private static partial Regex SettingVariable();

    [Theory]
    [InlineData("compose.yaml")]
    [InlineData("Dockerfile")]
    [InlineData(".env.example")]
    [InlineData("README.md")]
    [InlineData("docs/scale-out.md")]
    public void EverySettingVariableNamed_IsASetting(string file)
    {
        var known = SettingsCheck.Known().Select(k => $"{k.Section}__{k.Property.Name}").ToHashSet(StringComparer.Ordinal);

        var unknown = SettingVariable().Matches(Read(file))
            .Select(m => $"{m.Groups[1].Value}__{m.Groups[2].Value}")
            .Where(v => !v.StartsWith("Logging__", StringComparison.Ordinal) && !known.Contains(v))
            .Distinct()
            .ToArray();

        Assert.Empty(unknown);
    }

    [Fact]
    public void Image_StartsWithoutTheSampleCorpus()
    {
        Assert.Contains("Corpus__LoadSampleWhenEmpty=false", Read("Dockerfile"), StringComparison.Ordinal);
        Assert.Contains("Corpus__LoadSampleWhenEmpty: \"false\"", Read("compose.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Image_LimitsMallocArenas()
    {
        // Two glibc arenas: per-thread arenas kept freed SQLite memory resident (issue 16, peak RSS at 1M quotes).
        Assert.Matches(@"(?m)^\s+MALLOC_ARENA_MAX=2\s*$", Read("Dockerfile"));
    }

    [Fact]
    public void Image_LeavesTheYoungGenerationToTheRuntimeConfigWithoutCappingTheHeap()
    {
        // The gen-0 budget cap travels in quotebot.runtimeconfig.json (RuntimeConfigTests); a variable here would only
        // be overridden by it. No hard heap limit that a large import could hit.
        var dockerfile = Read("Dockerfile");
        Assert.DoesNotContain("GCgen0size", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("GCHeapHardLimit", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_PasswordApartFromConnectionString_PortPublished_NoScaleCopies()
    {
        var compose = Read("compose.yaml");

        Assert.DoesNotMatch(@"ConnectionString:[^\n]*Password", compose);
        Assert.Contains("Storage__Password: ${POSTGRES_PASSWORD", compose, StringComparison.Ordinal);
        Assert.Matches(@"ports:\s*\n(\s*#[^\n]*\n)*\s*- ""\$\{BOT_HTTP_PORT:-8080\}:8080""", compose);
        // A second instance has its own shards and does not register commands.
        Assert.Contains("Discord__ShardIds: ${BOT2_DISCORD_SHARD_IDS", compose, StringComparison.Ordinal);
        Assert.Contains("Discord__RegisterCommands: \"false\"", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_NeverSuggestScalingByIdenticalCopies()
    {
        foreach (var file in new[] { "README.md", "docs/scale-out.md", "compose.yaml" })
        {
            Assert.DoesNotMatch(@"\n\s*docker compose up[^\n]*--scale", Read(file));
        }
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [Fact]
    public void MarkdownLinks_PointAtFilesThatExist()
    {
        var broken = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md")))
        {
            foreach (Match m in MarkdownLink().Matches(File.ReadAllText(file)))
            {
                var target = m.Groups[1].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!File.Exists(Path.Combine(Path.GetDirectoryName(file)!, target)) && !Directory.Exists(Path.Combine(Path.GetDirectoryName(file)!, target)))
                {
                    broken.Add($"{Path.GetFileName(file)}: {m.Groups[1].Value}");
                }
            }
        }

        Assert.Empty(broken);
    }

    [Theory]
    [InlineData("docs/telegram.md")]
    [InlineData("docs/discord.md")]
    [InlineData("docs/scale-out.md")]
    public void Readme_LinksToTheGuide_InsteadOfCopyingIt(string guide)
    {
        var guideLines = Read(guide).Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 60).ToHashSet(StringComparer.Ordinal);

        var copied = Read("README.md").Split('\n').Select(l => l.Trim()).Where(guideLines.Contains).ToArray();

        Assert.Empty(copied);
        Assert.Contains($"]({guide}", Read("README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_KeepsExactlyTwoSetUpCommands_AndListsEveryCommand()
    {
        var readme = Read("README.md");
        var setUp = readme[readme.IndexOf("## Set up", StringComparison.Ordinal)..readme.IndexOf("\n## ", readme.IndexOf("## Set up", StringComparison.Ordinal) + 1, StringComparison.Ordinal)];
        Assert.Equal(2, Regex.Count(setUp, "```sh"));

        var table = readme[readme.IndexOf("## Command line", StringComparison.Ordinal)..readme.IndexOf("## Configuration", StringComparison.Ordinal)];
        foreach (var command in QuoteBot.Host.Cli.CliApp.Build().Subcommands.Select(c => c.Name))
        {
            Assert.Contains($"`{command}", table, StringComparison.Ordinal);
        }

        Assert.Contains("dotnet publish", table, StringComparison.Ordinal);
    }
}
