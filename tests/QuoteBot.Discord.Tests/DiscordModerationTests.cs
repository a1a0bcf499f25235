using QuoteBot.Core.Model;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Tests;

public sealed class DiscordModerationTests
{
    private static readonly IReadOnlySet<ulong> Roles = new HashSet<ulong> { 66 };

    private static Interaction InGuild(string permissions, params ulong[] roles) => new()
    {
        GuildId = 100,
        ChannelId = 200,
        Member = new GuildMember { User = new User { Id = 300, Username = "alice" }, Roles = roles, Permissions = permissions, Nick = "Ally" },
    };

    [Theory]
    [InlineData("8192", true)]              // Manage Messages
    [InlineData("8", true)]                 // Administrator
    [InlineData("2147491840", true)]        // Manage Messages among others
    [InlineData("2147483648", false)]       // Use Application Commands only
    [InlineData("0", false)]
    [InlineData("not a number", false)]
    public void CanModerate_Permissions_DecideForOwnGuild(string permissions, bool expected)
    {
        Assert.Equal(expected, DiscordModeration.CanModerate(InGuild(permissions), Scope.Discord(100), Roles));
    }

    [Fact]
    public void CanModerate_ModeratorRole_WithoutPermissions_IsAllowed()
    {
        Assert.True(DiscordModeration.CanModerate(InGuild("0", 66), Scope.Discord(100), Roles));
        Assert.False(DiscordModeration.CanModerate(InGuild("0", 67), Scope.Discord(100), Roles));
    }

    [Fact]
    public void CanModerate_OtherScopes_AreRefusedEvenForAdministrators()
    {
        Assert.False(DiscordModeration.CanModerate(InGuild("8"), Scope.Discord(101), Roles));
        Assert.False(DiscordModeration.CanModerate(InGuild("8"), Scope.Global, Roles));
    }

    [Fact]
    public void CanModerate_Dm_IsRefused()
    {
        var dm = new Interaction { ChannelId = 5, User = new User { Id = 300, Username = "alice" } };

        Assert.False(DiscordModeration.CanModerate(dm, Scope.Global, Roles));
        Assert.Equal(Scope.Global, DiscordModeration.ScopeOf(dm));
    }

    [Fact]
    public void ContextFor_Guild_UsesGuildScopeChannelKeyAndNick()
    {
        var ctx = DiscordModeration.ContextFor(InGuild("0"), Roles);

        Assert.Equal(Scope.Discord(100), ctx.Scope);
        Assert.Equal("dc:200", ctx.ConversationKey);
        Assert.Equal(new Actor("dc:300", "Ally"), ctx.User);
        Assert.True(ctx.Visibility.CanSee(Scope.Global));
        Assert.False(ctx.Visibility.CanSee(Scope.Discord(101)));
    }
}
