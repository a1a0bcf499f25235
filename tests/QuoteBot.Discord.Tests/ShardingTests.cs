using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Tests.Fakes;

namespace QuoteBot.Discord.Tests;

public sealed class ShardingTests
{
    private static Dictionary<string, string?> Shards(string ids, string count, string? register = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Discord:ShardIds"] = ids,
            ["Discord:ShardCount"] = count,
            ["Discord:IdentifyInterval"] = "00:00:00.050",
        };
        if (register is not null)
        {
            config["Discord:RegisterCommands"] = register;
        }

        return config;
    }

    private static Task AllReady(Harness h) =>
        h.Host.Services.GetRequiredService<DiscordShardManager>().AllReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));

    [Fact]
    public async Task Start_ShardIds1And3Of4_TwoConnectionsAnswerOnShard3()
    {
        await using var h = await Harness.StartAsync(waitForRegistration: false, extraConfig: Shards("1,3", "4"));
        await AllReady(h);

        Assert.Equal(2, h.Fake.Gateway.Connections.Count);
        Assert.Equal(new[] { (1, 4), (3, 4) }, h.Fake.Gateway.Identifies.Select(i => (i.ShardId, i.ShardCount)).Order().ToArray());
        // The two shards' READY events reach the bot service in whichever order their connections delivered them.
        await Harness.WaitUntilAsync(() => h.Logs.Lines.Any(l => l.Contains("Discord shard 3/4 READY: 2 guild(s)", StringComparison.Ordinal)), "READY log of shard 3");
        await Harness.WaitUntilAsync(() => h.Logs.Lines.Any(l => l.Contains("Discord shard 1/4 READY: 2 guild(s)", StringComparison.Ordinal)), "READY log of shard 1");

        var interaction = Harness.Interaction(2, Harness.Slash("help"));
        await h.Fake.Gateway.DispatchToShardAsync(3, "INTERACTION_CREATE", interaction);
        var callback = await h.CallbackOf(interaction);

        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.False(h.Service.RegistersCommands); // no shard 0 here
        Assert.DoesNotContain(h.Fake.Rest.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Start_TwoInstancesWithDisjointShards_CoverAllAndOnlyShardZeroRegisters()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var a = await Harness.StartAsync(waitForRegistration: false, sharedFake: fake, extraConfig: Shards("0-1", "4"));
        await using var b = await Harness.StartAsync(waitForRegistration: false, sharedFake: fake, extraConfig: Shards("2,3", "4"));
        await AllReady(a);
        await AllReady(b);
        await a.Service.Registered.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(new[] { 0, 1, 2, 3 }, fake.Gateway.Identifies.Select(i => i.ShardId).Order().ToArray());
        Assert.All(fake.Gateway.Identifies, i => Assert.Equal(4, i.ShardCount));
        Assert.True(a.Service.RegistersCommands);
        Assert.False(b.Service.RegistersCommands);
        await Task.Delay(200); // give a wrong second overwrite a chance to show up
        Assert.Single(fake.Rest.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal));

        // interactions on either instance's shards are answered
        var onB = Harness.Interaction(2, Harness.Slash("help"));
        await fake.Gateway.DispatchToShardAsync(2, "INTERACTION_CREATE", onB);
        Assert.Equal(4, (await b.CallbackOf(onB))["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task Start_OneInstanceAllShards_RegistersOnceNotPerShard()
    {
        await using var h = await Harness.StartAsync(extraConfig: Shards("", "3"));
        await AllReady(h);
        await Task.Delay(200);

        Assert.Equal(3, h.Fake.Gateway.Identifies.Count);
        Assert.Single(h.Fake.Rest.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_RegisterCommandsTrueWithoutShardZero_Registers()
    {
        await using var h = await Harness.StartAsync(extraConfig: Shards("2", "3", register: "true"));

        Assert.True(h.Service.RegistersCommands);
        Assert.Single(h.Fake.Rest.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Start_RegisterCommandsFalseWithShardZero_DoesNotRegister()
    {
        await using var h = await Harness.StartAsync(waitForRegistration: false, extraConfig: Shards("0", "1", register: "false"));
        await AllReady(h);
        await Harness.WaitUntilAsync(() => h.Service.RegistersCommands is not null, "registration decision");

        Assert.False(h.Service.RegistersCommands);
        Assert.DoesNotContain(h.Fake.Rest.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Start_ShardCountNotANumber_StopsWithLineNamingSetting()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => Harness.StartAsync(waitForRegistration: false, extraConfig: Shards("0", "zero")));

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("Discord__ShardCount", failure, StringComparison.Ordinal);
    }
}
