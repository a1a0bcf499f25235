using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Storage;

namespace QuoteBot.Discord.Tests;

public sealed class DiscordOptionsTests
{
    private static ValidateOptionsResult Validate(DiscordOptions o) => new DiscordOptionsValidator().Validate(null, o);

    [Fact]
    public void Validate_GoodOptions_Succeed()
    {
        var o = new DiscordOptions { Token = "abc.def.ghi", GuildId = "123", ModeratorRoleIds = "1, 2 3" };

        Assert.True(Validate(o).Succeeded);
        Assert.Equal(123UL, o.ParsedGuildId);
        Assert.Equal(new HashSet<ulong> { 1, 2, 3 }, o.ParsedModeratorRoleIds);
    }

    [Theory]
    [InlineData(null, null, null, "Discord__Token is required")]
    [InlineData("Bot abc", null, null, "malformed")]
    [InlineData("abc", null, null, "Discord__Token does not look like a bot token")]
    [InlineData("abc.def.ghi", "guild-one", null, "Discord__GuildId")]
    [InlineData("abc.def.ghi", null, "1,mods", "Discord__ModeratorRoleIds")]
    public void Validate_BadOptions_FailWithOneClearLine(string? token, string? guild, string? roles, string expected)
    {
        var result = Validate(new DiscordOptions { Token = token, GuildId = guild, ModeratorRoleIds = roles });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Failure_NeverEchoesTheToken()
    {
        const string Secret = "Bot super-secret-token";

        var result = Validate(new DiscordOptions { Token = Secret, ApiBaseUrl = "ftp://x" });

        Assert.True(result.Failed);
        Assert.DoesNotContain("super-secret-token", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void Validate_MaxConcurrency_OneTo256(int value, bool ok)
    {
        var result = Validate(new DiscordOptions { Token = "abc.def.ghi", MaxConcurrency = value });

        Assert.Equal(ok, result.Succeeded);
        if (!ok)
        {
            Assert.StartsWith("Discord__MaxConcurrency", Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddDiscordAdapter_MissingToken_FailsValidationAtResolve()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:GuildId"] = "5" }).Build();
        var services = new ServiceCollection().AddLogging();
        var store = new InMemoryQuoteStore();
        services.AddSingleton<IQuoteStore>(store).AddSingleton<IQuoteSearch>(store).AddSingleton<IStateStore>(store);
        services.AddDiscordAdapter(config);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DiscordOptions>>().Value);
        Assert.Contains("Discord__Token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDiscordAdapter_Registers_PosterForDcPlatform()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:Token"] = "abc.def.ghi" }).Build();
        var services = new ServiceCollection().AddLogging();
        var store = new InMemoryQuoteStore();
        services.AddSingleton<IQuoteStore>(store).AddSingleton<IQuoteSearch>(store).AddSingleton<IStateStore>(store);
        services.AddDiscordAdapter(config);
        using var provider = services.BuildServiceProvider();

        var poster = Assert.Single(provider.GetServices<Core.Daily.IChannelPoster>());
        Assert.Equal("dc", poster.Platform);
    }
}

public sealed class DiscordShardOptionsTests
{
    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? ids, string? count) =>
        new DiscordOptionsValidator().Validate(null, new DiscordOptions { Token = "abc.def.ghi", ShardIds = ids, ShardCount = count });

    [Theory]
    [InlineData(null, null)]
    [InlineData("0,1", "2")]
    [InlineData("2-3", "4")]
    [InlineData("5", null)]
    public void Validate_GoodShardSettings_Succeed(string? ids, string? count) => Assert.True(Validate(ids, count).Succeeded);

    [Theory]
    [InlineData("1,1", "4", "Discord__ShardIds", "listed twice")]
    [InlineData("0-x", "4", "Discord__ShardIds", "not a shard range")]
    [InlineData("1,4", "4", "Discord__ShardIds", "below the shard count 4")]
    [InlineData("0", "zero", "Discord__ShardCount", "whole number")]
    [InlineData("0", "0", "Discord__ShardCount", "at least 1")]
    public void Validate_BadShardSettings_FailWithOneLineNamingSetting(string ids, string count, string setting, string reason)
    {
        var result = Validate(ids, count);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains(setting, failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure);
    }
}
