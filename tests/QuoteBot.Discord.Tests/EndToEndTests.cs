using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using static QuoteBot.Discord.Tests.Harness;

namespace QuoteBot.Discord.Tests;

public sealed class EndToEndTests
{
    private static int CallbackType(JsonNode callback) => callback["type"]!.GetValue<int>();

    private static int Flags(JsonNode data) => data["flags"]?.GetValue<int>() ?? 0;

    /// <summary>The data of a "Save as quote" message command aimed at <paramref name="message"/> (its id is the target).</summary>
    private static JsonObject SaveAsQuote(JsonObject message)
    {
        var id = message["id"]!.GetValue<string>();
        return new JsonObject
        {
            ["id"] = "401",
            ["name"] = DiscordCommands.SaveAsQuote,
            ["type"] = 3,
            ["target_id"] = id,
            ["resolved"] = new JsonObject { ["messages"] = new JsonObject { [id] = message } },
        };
    }

    /// <summary>What Discord shows for escaped Markdown text.</summary>
    private static string Shown(JsonNode? node) => DiscordRendererTests.Unescape(node!.GetValue<string>());

    private static void AssertNoPings(JsonNode? body)
    {
        Assert.NotNull(body);
        var allowed = body!["allowed_mentions"];
        Assert.NotNull(allowed);
        Assert.Empty(allowed!["parse"]!.AsArray());
        Assert.Null(allowed["users"]);
        Assert.Null(allowed["roles"]);
    }

    [Fact]
    public async Task Ready_WithGuildId_RegistersAllCommandsWithOneGuildOverwrite()
    {
        await using var h = await StartAsync(guildId: 555);

        var puts = h.Fake.Rest.Requests.Where(r => r.Method == "PUT").ToList();
        var put = Assert.Single(puts);
        Assert.Equal("/applications/777/guilds/555/commands", put.Path);
        var names = put.Json!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        foreach (var expected in new[] { "quote", "quotes", "context", "addquote", "editquote", "removequote", "restorequote", "help", "slow", DiscordCommands.SaveAsQuote })
        {
            Assert.Contains(expected, names);
        }

        Assert.Contains(h.Logs.Lines, l => l.Contains("READY: 2 guild(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ready_WithoutGuildId_RegistersGlobally()
    {
        await using var h = await StartAsync(guildId: null);

        var put = Assert.Single(h.Fake.Rest.Requests, r => r.Method == "PUT");
        Assert.Equal("/applications/777/commands", put.Path);
        var remove = put.Json!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "removequote")!;
        Assert.Equal(ManageMessages, remove["default_member_permissions"]!.GetValue<string>());
        Assert.Equal([0], remove["contexts"]!.AsArray().Select(x => x!.GetValue<int>()));
    }

    [Fact]
    public async Task Quote_InGuild_AnsweredWithEmbedAndButtons()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "The harbour will reopen in spring.", "Mara Holt", url: "https://example.com/harbour"));

        var callback = await h.SendAsync(Interaction(2, Slash("quote", ("query", "harbour"))));

        Assert.Equal(4, CallbackType(callback));
        var data = callback["data"]!;
        Assert.Equal(0, Flags(data) & 64);
        var embed = data["embeds"]![0]!;
        Assert.Contains("The harbour will reopen in spring.", embed["description"]!.GetValue<string>());
        Assert.Equal("Mara Holt", embed["author"]!["name"]!.GetValue<string>());
        Assert.Equal("https://example.com/harbour", embed["url"]!.GetValue<string>());
        Assert.Contains("Daily Example", embed["footer"]!["text"]!.GetValue<string>());
        var buttons = data["components"]![0]!["components"]!.AsArray();
        Assert.Equal(["Another", "Context", "Source"], buttons.Select(b => b!["label"]!.GetValue<string>()));
        Assert.Equal(new ContextAction(q.Id), ActionCodec.Decode(buttons[1]!["custom_id"]!.GetValue<string>()));
        Assert.Equal("https://example.com/harbour", buttons[2]!["url"]!.GetValue<string>());
        AssertNoPings(data);
    }

    [Fact]
    public async Task Quote_WithSpeakerOption_FiltersBySpeaker()
    {
        await using var h = await StartAsync(seed: s =>
        {
            Add(s, "Bridges matter more than walls.", "Mara Holt");
            Add(s, "Walls keep the wind out.", "Ivo Brandt");
        });

        var callback = await h.SendAsync(Interaction(2, Slash("quote", ("query", "walls"), ("speaker", "Ivo Brandt"))));

        Assert.Equal("Ivo Brandt", callback["data"]!["embeds"]![0]!["author"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Autocomplete_ManySpeakers_ReturnsAtMost25MatchingChoices()
    {
        await using var h = await StartAsync(seed: s =>
        {
            for (var i = 0; i < 40; i++)
            {
                Add(s, $"Statement number {i} about ports.", $"Speaker Alpha{i:00}");
            }

            Add(s, "Unrelated words.", "Zed Other");
        });
        var data = Slash("quote");
        data["options"] = new JsonArray(new JsonObject { ["name"] = "speaker", ["type"] = 3, ["value"] = "alp", ["focused"] = true });

        var callback = await h.SendAsync(Interaction(4, data));

        Assert.Equal(8, CallbackType(callback));
        var choices = callback["data"]!["choices"]!.AsArray();
        Assert.Equal(25, choices.Count);
        Assert.All(choices, c => Assert.StartsWith("Speaker Alpha", c!["value"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowHandler_PastAnswerWindow_IsDeferredThenOriginalEdited()
    {
        await using var h = await StartAsync(answerWithinMs: "200");
        var interaction = Interaction(2, Slash("slow", (DiscordCommands.ArgsOption, "tortoise")));

        var callback = await h.SendPastAnswerWindowAsync(interaction);
        Assert.Equal(5, CallbackType(callback));
        Assert.DoesNotContain(h.Fake.Rest.Requests, r => r.Method == "PATCH");

        h.Slow.Release();
        var edit = await h.EditOf(interaction);
        Assert.Equal("slow done: tortoise", edit["content"]!.GetValue<string>());
        AssertNoPings(edit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Autocomplete_SlowSuggestions_AreCutOnTheAnswerClockNotByRealTime(bool clockMoves)
    {
        // Suggestions that take longer than AutocompleteWithin are cut (answered with none); that limit runs on the
        // handler's clock (the harness's AnswerClock), so a busy machine never cuts them.
        var store = new InMemoryQuoteStore();
        Add(store, "Ports are open all night.", "Speaker Alpha");
        var suggestions = new HeldSuggestions(store);
        await using var h = await StartAsync(
            store: store,
            extraConfig: new Dictionary<string, string?> { ["Discord:AutocompleteWithin"] = "00:00:00.200" },
            services: s => s.AddSingleton<IQuoteSearch>(suggestions));
        var data = Slash("quote");
        data["options"] = new JsonArray(new JsonObject { ["name"] = "speaker", ["type"] = 3, ["value"] = "alp", ["focused"] = true });
        var interaction = Interaction(4, data);

        await h.Fake.Gateway.DispatchAsync("INTERACTION_CREATE", interaction);
        await suggestions.Entered.WaitAsync(TimeSpan.FromMinutes(2));
        if (clockMoves)
        {
            h.AnswerClock.Advance(TimeSpan.FromSeconds(1));
        }
        else
        {
            await Task.Delay(600); // three times the limit, in real time
            suggestions.Release();
        }

        var callback = await h.CallbackOf(interaction);
        Assert.Equal(8, CallbackType(callback));
        var choices = callback["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Equal(clockMoves ? Array.Empty<string>() : ["Speaker Alpha"], choices);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QueuedForASlot_OnlyTheHostClocksWaitCountsAgainstTheAnswerWindow(bool clockMoves)
    {
        // One slot, held by a slow command; a second (itself slow) interaction is read by the gateway and waits for the
        // slot. Its wait is measured on the host's TimeProvider (here the harness's WaitClock): real time, however long a
        // busy machine takes, leaves it within its answer window (answered at once when its work is done); time on that
        // clock past the window gets it deferred as soon as it starts.
        var held = new GatedCommand("held");
        await using var h = await StartAsync(
            answerWithinMs: "300",
            extraConfig: new Dictionary<string, string?> { ["Discord:MaxConcurrency"] = "1" },
            services: s => s.AddSingleton<IChatCommand>(held));
        var gateway = (await h.Host.Services.GetRequiredService<QuoteBot.Discord.Api.Gateway.DiscordShardManager>().Started)[0];
        var first = Interaction(2, Slash("held", (DiscordCommands.ArgsOption, "tortoise")));
        var queued = Interaction(2, Slash("slow", (DiscordCommands.ArgsOption, "hare")));
        int before = gateway.LastSequence ?? 0;
        await h.Fake.Gateway.DispatchAsync("INTERACTION_CREATE", first);
        await h.Fake.Gateway.DispatchAsync("INTERACTION_CREATE", queued);
        await held.Entered.WaitAsync(TimeSpan.FromMinutes(2));
        await WaitUntilAsync(() => gateway.LastSequence >= before + 2, "both interactions read off the gateway");
        if (clockMoves)
        {
            h.WaitClock.Advance(TimeSpan.FromSeconds(1));
        }
        else
        {
            await Task.Delay(600); // twice the answer window, in real time
        }

        held.Release();
        Assert.Equal(4, CallbackType(await h.CallbackOf(first)));
        if (clockMoves)
        {
            Assert.Equal(5, CallbackType(await h.CallbackOf(queued)));
            h.Slow.Release();
            Assert.Equal("slow done: hare", (await h.EditOf(queued))["content"]!.GetValue<string>());
        }
        else
        {
            h.Slow.Release();
            var callback = await h.CallbackOf(queued);
            Assert.Equal(4, CallbackType(callback));
            Assert.Equal("slow done: hare", callback["data"]!["content"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Buttons_AnotherContextAndPaging_AnswerThroughTheCommandLayer()
    {
        Quote first = null!;
        await using var h = await StartAsync(seed: s =>
        {
            first = Add(s, "Ports are the lungs of a city.", "Mara Holt", url: "https://example.com/a");
            for (var i = 0; i < 7; i++)
            {
                Add(s, $"Ports number {i} need dredging.", "Ivo Brandt");
            }
        });

        var another = await h.SendAsync(Interaction(3, Button(ActionCodec.Encode(new AnotherAction("ports"), ActionCodec.DiscordMaxChars))));
        Assert.Equal(4, CallbackType(another));
        Assert.Contains("ports", another["data"]!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        var context = await h.SendAsync(Interaction(3, Button(ActionCodec.Encode(new ContextAction(first.Id), ActionCodec.DiscordMaxChars))));
        Assert.Equal(4, CallbackType(context));
        Assert.Contains($"#{first.Id}", context["data"]!["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);

        var page = await h.SendAsync(Interaction(3, Button(ActionCodec.Encode(new PageAction("ports", 5), ActionCodec.DiscordMaxChars))));
        Assert.Equal(7, CallbackType(page));
        var pageData = page["data"]!;
        Assert.Contains("Results 6–8", pageData["embeds"]![0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var labels = pageData["components"]![0]!["components"]!.AsArray().Select(b => b!["label"]!.GetValue<string>());
        Assert.Equal(["Previous"], labels);
        AssertNoPings(pageData);
    }

    [Fact]
    public async Task Another_UnderAWordSearch_ItsButtonGivesTheNextMatch()
    {
        await using var h = await StartAsync(seed: s =>
        {
            Add(s, "Harbour harbour harbour stays open.", "Mara Holt");
            Add(s, "The harbour and the bridge.", "Ivo Brandt");
            Add(s, "Bridges only.", "Ivo Brandt");
        });

        var first = await h.SendAsync(Interaction(2, Slash("quote", ("query", "harbour"))));
        var button = first["data"]!["components"]![0]!["components"]![0]!;
        Assert.Equal("Another", button["label"]!.GetValue<string>());
        var customId = button["custom_id"]!.GetValue<string>();
        Assert.Equal(new AnotherAction("harbour", 1), ActionCodec.Decode(customId));

        var second = await h.SendAsync(Interaction(3, Button(customId)));
        var firstText = first["data"]!["embeds"]![0]!["description"]!.GetValue<string>();
        var secondText = second["data"]!["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.Contains("harbour", secondText, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(firstText, secondText);
        var next = second["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        Assert.Equal(new AnotherAction("harbour", 2), ActionCodec.Decode(next));
    }

    [Fact]
    public async Task Quotes_FirstPage_HasNextButtonWithinCustomIdLimit()
    {
        await using var h = await StartAsync(seed: s =>
        {
            for (var i = 0; i < 7; i++)
            {
                Add(s, $"Ports number {i} need dredging.", "Ivo Brandt");
            }
        });
        var longQuery = "ports " + string.Join(' ', Enumerable.Repeat("dredging", 20));

        var callback = await h.SendAsync(Interaction(2, Slash("quotes", ("query", "ports"))));
        var next = callback["data"]!["components"]![0]!["components"]![0]!;
        Assert.Equal("Next", next["label"]!.GetValue<string>());
        Assert.Equal(new PageAction("ports", 5), ActionCodec.Decode(next["custom_id"]!.GetValue<string>()));
        Assert.True(ActionCodec.Encode(new PageAction(longQuery, 5), ActionCodec.DiscordMaxChars).Length <= 100);
    }

    [Fact]
    public async Task Button_ForgedCustomId_GetsEphemeralOneLiner()
    {
        await using var h = await StartAsync();

        var callback = await h.SendAsync(Interaction(3, Button("x:<@123> forged")));

        Assert.Equal(4, CallbackType(callback));
        Assert.Equal(64, Flags(callback["data"]!) & 64);
        Assert.Equal(DiscordInteractionHandler.StaleButton, callback["data"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task SaveAsQuote_ByModerator_StoresMessageWithAuthorAsSpeaker()
    {
        await using var h = await StartAsync();
        var data = SaveAsQuote(new JsonObject
        {
            ["id"] = "9001",
            ["channel_id"] = "200",
            ["content"] = "We will finish the bridge before winter.",
            ["author"] = new JsonObject { ["id"] = "301", ["username"] = "bob", ["global_name"] = "Bob Builder" },
            ["type"] = 0,
        });

        var callback = await h.SendAsync(Interaction(2, data, permissions: ManageMessages));

        Assert.Equal(4, CallbackType(callback));
        var stored = await h.Store.GetAsync(1);
        Assert.NotNull(stored);
        Assert.Equal("We will finish the bridge before winter.", stored!.Text);
        Assert.Equal("Bob Builder", stored.Speaker);
        Assert.Equal(Scope.Discord(Guild), stored.Scope);
        Assert.Equal("https://discord.com/channels/100/200/9001", stored.Source.Url);
        Assert.Equal("dc:300", stored.AddedBy);
    }

    [Fact]
    public async Task SaveAsQuote_ByMemberWithoutPermission_IsRefusedAndStoresNothing()
    {
        await using var h = await StartAsync();
        var data = SaveAsQuote(new JsonObject { ["id"] = "9001", ["channel_id"] = "200", ["content"] = "Hello there.", ["author"] = new JsonObject { ["id"] = "301", ["username"] = "bob" } });

        var callback = await h.SendAsync(Interaction(2, data));

        Assert.Equal(64, Flags(callback["data"]!) & 64);
        Assert.Equal(0, await h.Store.MaxIdAsync());
    }

    [Fact]
    public async Task RemoveQuote_ByNonModerator_IsRefusedEphemerallyAndNothingChanges()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "Our guild keeps this.", "Mara Holt", Scope.Discord(Guild)));

        var callback = await h.SendAsync(Interaction(2, Slash("removequote", ("id", q.Id))));

        Assert.Equal(4, CallbackType(callback));
        Assert.Equal(64, Flags(callback["data"]!) & 64);
        Assert.Contains("Only moderators", callback["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(QuoteStatus.Active, (await h.Store.GetAsync(q.Id))!.Status);
    }

    [Fact]
    public async Task RemoveQuote_ByModeratorRole_RemovesIt()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "Our guild keeps this.", "Mara Holt", Scope.Discord(Guild)));

        var callback = await h.SendAsync(Interaction(2, Slash("removequote", ("id", q.Id)), roles: [ModRole]));

        Assert.Equal(0, Flags(callback["data"]!) & 64);
        Assert.Equal(QuoteStatus.Removed, (await h.Store.GetAsync(q.Id))!.Status);
    }

    [Fact]
    public async Task RemoveQuote_GlobalQuoteByGuildModerator_IsRefused()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "Everyone sees this.", "Mara Holt"));

        var callback = await h.SendAsync(Interaction(2, Slash("removequote", ("id", q.Id)), permissions: ManageMessages));

        Assert.Equal(64, Flags(callback["data"]!) & 64);
        Assert.Equal(QuoteStatus.Active, (await h.Store.GetAsync(q.Id))!.Status);
    }

    [Fact]
    public async Task Quote_FromOtherGuild_IsNeverSeen()
    {
        Quote secret = null!;
        await using var h = await StartAsync(seed: s =>
        {
            secret = Add(s, "Lighthouse plans stay inside.", "Mara Holt", Scope.Discord(OtherGuild));
            Add(s, "Lighthouse keepers are welcome everywhere.", "Ivo Brandt");
        });

        var byId = await h.SendAsync(Interaction(2, Slash("context", ("id", secret.Id))));
        Assert.Equal(64, Flags(byId["data"]!) & 64);
        Assert.Contains($"no quote #{secret.Id}", Shown(byId["data"]!["content"]), StringComparison.Ordinal);

        var search = await h.SendAsync(Interaction(2, Slash("quotes", ("query", "lighthouse"))));
        var description = search["data"]!["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.Contains("welcome everywhere", description, StringComparison.Ordinal);
        Assert.DoesNotContain("stay inside", description, StringComparison.Ordinal);

        var inOwner = await h.SendAsync(Interaction(2, Slash("context", ("id", secret.Id)), guild: OtherGuild));
        Assert.Contains("stay inside", inOwner["data"]!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddQuote_WithoutOptions_OpensFormAndFormSubmitStoresQuote()
    {
        await using var h = await StartAsync();

        var form = await h.SendAsync(Interaction(2, Slash("addquote"), permissions: ManageMessages));
        Assert.Equal(9, CallbackType(form));
        Assert.Equal(DiscordCommands.AddQuoteModalId, form["data"]!["custom_id"]!.GetValue<string>());

        var submit = new JsonObject
        {
            ["custom_id"] = DiscordCommands.AddQuoteModalId,
            ["components"] = new JsonArray(
                Row(DiscordCommands.ModalText, "Tides wait for no committee."),
                Row(DiscordCommands.ModalSpeaker, "Ivo Brandt"),
                Row(DiscordCommands.ModalSource, "https://example.com/tides")),
        };
        var added = await h.SendAsync(Interaction(5, submit, permissions: ManageMessages));

        Assert.Equal(4, CallbackType(added));
        Assert.Contains("Added as #1", Shown(added["data"]!["content"]), StringComparison.Ordinal);
        var stored = (await h.Store.GetAsync(1))!;
        Assert.Equal(("Tides wait for no committee.", "Ivo Brandt", "https://example.com/tides"), (stored.Text, stored.Speaker, stored.Source.Url));
        Assert.Equal(Scope.Discord(Guild), stored.Scope);

        static JsonObject Row(string id, string value) =>
            new() { ["type"] = 1, ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = id, ["value"] = value }) };
    }

    [Fact]
    public async Task AddQuote_WithOptionsAndBadSource_IsRejectedAndStoresNothing()
    {
        await using var h = await StartAsync();

        var callback = await h.SendAsync(Interaction(2, Slash("addquote", ("text", "Hi."), ("speaker", "Ivo"), ("source", "javascript:alert(1)")), permissions: ManageMessages));

        Assert.Equal(64, Flags(callback["data"]!) & 64);
        Assert.Equal(DiscordInteractionHandler.FormSourceError, Shown(callback["data"]!["content"]));
        Assert.Equal(0, await h.Store.MaxIdAsync());
    }

    [Fact]
    public async Task AddQuote_WithOptionsByNonModerator_IsRefused()
    {
        await using var h = await StartAsync();

        var form = await h.SendAsync(Interaction(2, Slash("addquote")));
        var withOptions = await h.SendAsync(Interaction(2, Slash("addquote", ("text", "Hi there."), ("speaker", "Ivo"))));

        Assert.Equal(4, CallbackType(form));
        Assert.Equal(64, Flags(form["data"]!) & 64);
        Assert.Equal(64, Flags(withOptions["data"]!) & 64);
        Assert.Equal(0, await h.Store.MaxIdAsync());
    }

    [Fact]
    public async Task EditQuote_ByModerator_ChangesTextAndSpeaker()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "Old words.", "Mara Holt", Scope.Discord(Guild)));

        var callback = await h.SendAsync(Interaction(2, Slash("editquote", ("id", q.Id), ("text", "New \"quoted\" words."), ("speaker", "Mara J. Holt")), permissions: ManageMessages));

        Assert.Equal(4, CallbackType(callback));
        var edited = (await h.Store.GetAsync(q.Id))!;
        Assert.Equal("New \"quoted\" words.", edited.Text);
        Assert.Equal("Mara J. Holt", edited.Speaker);
    }

    [Fact]
    public async Task EditQuote_TextWithBarAndDash_IsStoredAsTypedNotSplitIntoASource()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "Old words.", "Mara Holt", Scope.Discord(Guild), url: "https://example.com/kept"));

        var callback = await h.SendAsync(Interaction(2, Slash("editquote", ("id", q.Id), ("text", "Left | right - and \"both\"")), permissions: ManageMessages));

        Assert.Equal(4, CallbackType(callback));
        var edited = (await h.Store.GetAsync(q.Id))!;
        Assert.Equal("Left | right - and \"both\"", edited.Text);
        Assert.Equal("Mara Holt", edited.Speaker);
        Assert.Equal("https://example.com/kept", edited.Source.Url);
    }

    [Fact]
    public async Task Dm_QuoteWorksButModerationIsRefused()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "Quiet seas ahead.", "Mara Holt"));

        var quote = await h.SendAsync(Interaction(2, Slash("quote"), guild: null));
        var remove = await h.SendAsync(Interaction(2, Slash("removequote", ("id", q.Id)), guild: null, permissions: ManageMessages));

        Assert.Contains("Quiet seas ahead.", quote["data"]!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(64, Flags(remove["data"]!) & 64);
        Assert.Equal(QuoteStatus.Active, (await h.Store.GetAsync(q.Id))!.Status);
    }

    [Fact]
    public async Task MentionsInQuote_PingNobodyOnEverySendPath()
    {
        const string Text = "@everyone listen to <@123> and <@&456> now";
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, Text, "<@123>", Scope.Discord(Guild)));

        // a direct answer, a button answer, a page update, a deferred edit and a channel post
        var direct = await h.SendAsync(Interaction(2, Slash("quote", ("query", "listen"))));
        await h.SendAsync(Interaction(3, Button(ActionCodec.Encode(new ContextAction(q.Id), ActionCodec.DiscordMaxChars))));
        await h.SendAsync(Interaction(3, Button(ActionCodec.Encode(new PageAction("listen", 0), ActionCodec.DiscordMaxChars))));
        var slow = Interaction(2, Slash("slow", (DiscordCommands.ArgsOption, "@everyone <@123>")));
        await h.SendPastAnswerWindowAsync(slow);
        h.Slow.Release();
        await h.EditOf(slow);
        var poster = (DiscordChannelPoster)h.Host.Services.GetService(typeof(DiscordChannelPoster))!;
        Assert.Equal(Core.Daily.PostOutcome.Sent, await poster.PostAsync("dc:200", new QuoteCardReply(q), CancellationToken.None));

        var description = Shown(direct["data"]!["embeds"]![0]!["description"]);
        Assert.Contains("@everyone", description, StringComparison.Ordinal);
        Assert.Contains("<@123>", description, StringComparison.Ordinal);
        var bodies = h.MessageBodies();
        Assert.True(bodies.Count >= 5, $"expected every send path, saw {bodies.Count}");
        Assert.All(bodies, AssertNoPings);
        Assert.Single(h.Fake.Rest.Requests, r => r.Method == "POST" && r.Path == "/channels/200/messages");
    }

    [Fact]
    public async Task Logs_NeverContainTheBotTokenOrInteractionTokens()
    {
        await using var h = await StartAsync(seed: s => Add(s, "Calm words.", "Mara Holt"));
        var interaction = Interaction(2, Slash("quote"));
        await h.SendAsync(interaction);
        await h.SendAsync(Interaction(3, Button("forged")));

        Assert.NotEmpty(h.Logs.Lines);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(interaction["token"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_IsEphemeralAndListsExtraCommands()
    {
        await using var h = await StartAsync();

        var callback = await h.SendAsync(Interaction(2, Slash("help")));

        Assert.Equal(64, Flags(callback["data"]!) & 64);
        var description = callback["data"]!["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.Contains("/slow", description, StringComparison.Ordinal);
        Assert.Contains("/addquote", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_RejectsToken_StopsHostWithOneLogLineAndNoToken()
    {
        await using var h = await StartAsync(fakeSetup: f => f.Gateway.CloseOnIdentifyCode = 4004, waitForRegistration: false);
        var lifetime = (Microsoft.Extensions.Hosting.IHostApplicationLifetime)h.Host.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime))!;
        try
        {
            await Harness.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "host stopping");

            Assert.Contains("4004", h.Service.FailureReason, StringComparison.Ordinal);
            Assert.Contains(h.Logs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("4004", StringComparison.Ordinal));
            Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(Token, StringComparison.Ordinal));
            Assert.DoesNotContain(h.Fake.Rest.Requests, r => r.Method == "PUT");
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task SlowPaging_IsDeferredUpdateThenMessageEdited()
    {
        await using var h = await StartAsync(answerWithinMs: "200", gateSearch: true, seed: s =>
        {
            for (var i = 0; i < 7; i++)
            {
                Add(s, $"Ports number {i} need dredging.", "Ivo Brandt");
            }
        });
        var click = Interaction(3, Button(ActionCodec.Encode(new PageAction("ports", 5), ActionCodec.DiscordMaxChars)));

        var callback = await h.SendPastAnswerWindowAsync(click);
        Assert.Equal(6, CallbackType(callback));

        h.Slow.Release();
        var edit = await h.EditOf(click);
        Assert.Contains("Results 6–7", edit["embeds"]![0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, edit["content"]!.GetValue<string>());
        AssertNoPings(edit);
    }

    [Fact]
    public async Task SlowPaging_PastTheEnd_KeepsPageAndTellsOnlyTheClicker()
    {
        await using var h = await StartAsync(answerWithinMs: "200", gateSearch: true, seed: s => Add(s, "Ports matter.", "Ivo Brandt"));
        var click = Interaction(3, Button(ActionCodec.Encode(new PageAction("ports", 50), ActionCodec.DiscordMaxChars)));

        Assert.Equal(6, CallbackType(await h.SendPastAnswerWindowAsync(click)));
        h.Slow.Release();

        var path = $"/webhooks/777/{click["token"]}";
        await Harness.WaitUntilAsync(() => h.Fake.Rest.RequestsTo("POST", path).Count > 0, "ephemeral follow-up");
        var followup = h.Fake.Rest.RequestsTo("POST", path)[0].Json!;
        Assert.Equal(64, Flags(followup) & 64);
        AssertNoPings(followup);
        Assert.DoesNotContain(h.Fake.Rest.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task EditQuote_WithOnlyId_AsksForSomethingToChange()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "Old words.", "Mara Holt", Scope.Discord(Guild)));

        var callback = await h.SendAsync(Interaction(2, Slash("editquote", ("id", q.Id)), permissions: ManageMessages));

        Assert.Equal(64, Flags(callback["data"]!) & 64);
        Assert.Equal(DiscordInteractionHandler.EditNothing, Shown(callback["data"]!["content"]));
        Assert.Equal("Old words.", (await h.Store.GetAsync(q.Id))!.Text);
    }

    [Fact]
    public async Task SlowHandler_DoesNotHoldUpOtherInteractions()
    {
        await using var h = await StartAsync(answerWithinMs: "2000");
        var slow = Interaction(2, Slash("slow"));
        await h.Fake.Gateway.DispatchAsync("INTERACTION_CREATE", slow);

        var help = await h.SendAsync(Interaction(2, Slash("help")));

        Assert.Equal(4, CallbackType(help));
        Assert.DoesNotContain(h.Fake.Rest.Requests, r => r.Path.Contains(slow["token"]!.GetValue<string>(), StringComparison.Ordinal));
        h.Slow.Release();
        Assert.Contains(CallbackType(await h.CallbackOf(slow)), new[] { 4, 5 });
    }

    [Fact]
    public async Task Autocomplete_SpeakerOnlyInOtherGuild_IsNotSuggested()
    {
        await using var h = await StartAsync(seed: s =>
        {
            Add(s, "Inside words.", "Secret Speaker", Scope.Discord(OtherGuild));
            Add(s, "Open words.", "Sea Captain");
        });
        var data = Slash("quote");
        data["options"] = new JsonArray(new JsonObject { ["name"] = "speaker", ["type"] = 3, ["value"] = "s", ["focused"] = true });

        var callback = await h.SendAsync(Interaction(4, data));

        Assert.Equal(["Sea Captain"], callback["data"]!["choices"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }
}

/// <summary>The store's search whose speaker suggestions wait (cancellably) until the test releases them.</summary>
internal sealed class HeldSuggestions(IQuoteSearch inner) : IQuoteSearch
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public void Release() => _gate.TrySetResult();

    public Task<SearchPage> SearchAsync(QuoteBot.Core.Search.QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default) =>
        inner.SearchAsync(query, visibility, offset, limit, ct);

    public async Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(ct);
        return await inner.SuggestSpeakersAsync(prefix, visibility, limit, ct);
    }

    public Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default) =>
        inner.SpeakerQuoteAtAsync(speaker, visibility, position, ct);
}
