using QuoteBot.Discord.Api.Gateway;

namespace QuoteBot.Discord.Api.Tests;

public sealed class ShardIdListTests
{
    [Theory]
    [InlineData("0,1", new[] { 0, 1 })]
    [InlineData("2-3", new[] { 2, 3 })]
    [InlineData(" 3, 0-1 ;8", new[] { 0, 1, 3, 8 })]
    [InlineData("5", new[] { 5 })]
    public void TryParse_ValidLists_GiveSortedIds(string text, int[] expected)
    {
        Assert.True(ShardIdList.TryParse(text, out IReadOnlyList<int> ids, out string? error));
        Assert.Null(error);
        Assert.Equal(expected, ids);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Empty_MeansAllShards(string? text)
    {
        Assert.True(ShardIdList.TryParse(text, out IReadOnlyList<int> ids, out _));
        Assert.Empty(ids);
    }

    [Theory]
    [InlineData("0,0", "listed twice")]
    [InlineData("0-2,2", "listed twice")]
    [InlineData("a", "not a shard id")]
    [InlineData("-1", "not a shard range")]
    [InlineData("3-1", "not a shard range")]
    [InlineData("0-99999999", "not a shard range")]
    public void TryParse_BadLists_FailWithReason(string text, string expected)
    {
        Assert.False(ShardIdList.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAgainstCount_IdAtOrAboveCount_NamesIt()
    {
        Assert.Null(ShardIdList.CheckAgainstCount([0, 3], 4));
        Assert.Contains("4, 5", ShardIdList.CheckAgainstCount([1, 4, 5], 4), StringComparison.Ordinal);
    }

    [Fact]
    public void PlanShardIds_Empty_TakesAllOrTheSingleShardId()
    {
        Assert.Equal([0, 1, 2], DiscordShardManager.PlanShardIds(new DiscordClientOptions(), 3));
        Assert.Equal([2], DiscordShardManager.PlanShardIds(new DiscordClientOptions { ShardId = 2 }, 3));
        Assert.Equal([1, 2], DiscordShardManager.PlanShardIds(new DiscordClientOptions { ShardIds = "1-2", ShardId = 0 }, 3));
    }

    [Fact]
    public void PlanShardIds_IdBeyondCount_ThrowsOneLineNamingSetting()
    {
        var ex = Assert.Throws<DiscordGatewayException>(() => DiscordShardManager.PlanShardIds(new DiscordClientOptions { ShardIds = "1,3" }, 2));
        Assert.Contains("Discord__ShardIds", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
