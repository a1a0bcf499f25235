using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Review;
using QuoteBot.Core.Storage;
using QuoteBot.Ingest;
using QuoteBot.Tests.Shared.Ingest;
using static QuoteBot.Discord.Tests.Harness;

namespace QuoteBot.Discord.Tests;

/// <summary>/addarticle and /review on the fake Discord: the real adapter, the real fetcher (pages on 127.0.0.1).</summary>
public sealed class ReviewTests : IAsyncLifetime
{
    private const string Article = "https://news.example/2026/12/pier-vote";
    private static readonly Scope GuildScope = Scope.Discord(Guild);

    private readonly InMemoryQuoteStore _store = new();
    private ArticlePages _pages = null!;

    public async Task InitializeAsync() => _pages = await ArticlePages.StartAsync();

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    /// <summary>A bot on the shared store with the review commands and the Ingest port, as the host wires them.</summary>
    private Task<Harness> StartAsync() => Harness.StartAsync(store: _store, services: services =>
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(ArticlePages.IngestSettings()).Build();
        services.AddSingleton<IArticleStore>(_store);
        services.AddIngest(config);
        services.AddReview();
    });

    private static string Shown(JsonNode? node) => DiscordRendererTests.Unescape(node!.GetValue<string>());

    private static int Type(JsonNode callback) => callback["type"]!.GetValue<int>();

    private static bool IsEphemeral(JsonNode data) => ((data["flags"]?.GetValue<int>() ?? 0) & 64) != 0;

    private static void AssertNoPings(JsonNode? body)
    {
        var allowed = body!["allowed_mentions"];
        Assert.NotNull(allowed);
        Assert.Empty(allowed!["parse"]!.AsArray());
    }

    /// <summary>A button press by a moderator (or a member) on a message of the bot.</summary>
    private static JsonObject Press(string customId, bool moderator = true) =>
        Interaction(3, Button(customId), permissions: moderator ? ManageMessages : NoPermissions, message: new JsonObject { ["id"] = "900", ["channel_id"] = Channel.ToString(System.Globalization.CultureInfo.InvariantCulture), ["content"] = "" });

    private static List<string> Labels(JsonNode data) =>
        [.. data["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray()).Select(b => b!["label"]!.GetValue<string>())];

    private static string CustomId(JsonNode data, string label) =>
        data["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray()).First(b => b!["label"]!.GetValue<string>() == label)!["custom_id"]!.GetValue<string>();

    private async Task<Quote> PendingAsync(string text, string speaker, string url = Article) =>
        (await _store.AddAsync(
            new NewQuote
            {
                Text = text,
                Speaker = speaker,
                Scope = GuildScope,
                Status = QuoteStatus.Pending,
                Source = new QuoteSource("Lakeside Courier", "Harbour *council* votes", url, null),
                Context = new QuoteContext($"“{text}” said {speaker} at the **meeting** @everyone."),
            },
            Actor.System)).Quote;

    [Fact]
    public async Task Registration_DeclaresTheNewCommandsForModerators()
    {
        await using var h = await StartAsync();
        var put = Assert.Single(h.Fake.Rest.Requests, r => r.Method == "PUT");
        var commands = put.Json!.AsArray();
        foreach (var name in new[] { "addarticle", "review", "fixspeaker" })
        {
            var command = commands.Single(c => c!["name"]!.GetValue<string>() == name)!;
            Assert.Equal(ManageMessages, command["default_member_permissions"]!.GetValue<string>());
        }

        var url = commands.Single(c => c!["name"]!.GetValue<string>() == "addarticle")!["options"]![0]!;
        Assert.Equal(("url", true), (url["name"]!.GetValue<string>(), url["required"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task AddArticle_ByMember_IsRefusedAndFetchesAndStoresNothing()
    {
        await using var h = await StartAsync();
        var callback = await h.SendAsync(Interaction(2, Slash("addarticle", ("url", _pages.Url("/pier")))));

        Assert.Equal(4, Type(callback));
        Assert.True(IsEphemeral(callback["data"]!));
        Assert.Equal(ReviewDesk.AddArticleRefusal, Shown(callback["data"]!["content"]));
        await Task.Delay(300);
        Assert.Equal(0, _pages.Requests);
        Assert.Equal(0, await _store.MaxIdAsync());
        Assert.DoesNotContain(h.Fake.Rest.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task AddArticle_ByModerator_AnswersFetchingAtOnce_ThenEditsInTheCount()
    {
        await using var h = await StartAsync();
        var url = _pages.Url("/pier");
        var interaction = Interaction(2, Slash("addarticle", ("url", url)), permissions: ManageMessages);
        var callback = await h.SendAsync(interaction);

        Assert.Equal(4, Type(callback));
        Assert.Equal($"Fetching {url}…", Shown(callback["data"]!["content"]));
        AssertNoPings(callback["data"]);
        var edit = await h.EditOf(interaction);
        Assert.Equal("Found 3 quotes in “Harbour council votes on the old pier”: 3 wait for review. /review shows them.", Shown(edit["content"]));
        AssertNoPings(edit);

        var pending = await _store.ListPendingAsync(GuildScope, 0, 10);
        Assert.Equal(["Elena Varga", "Tomas Reed", "Ana Holm"], pending.Select(q => q.Speaker));
        Assert.All(pending, q => Assert.Equal("dc:300", q.AddedBy));

        // Pending quotes are not public.
        var search = await h.SendAsync(Interaction(2, Slash("quote", ("query", "pier"))));
        Assert.StartsWith("Nothing matched", Shown(search["data"]!["content"]));
    }

    [Fact]
    public async Task ReviewButtons_WorkAfterARestart_AndApprovedQuotesAnswerQuote()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Elena Varga");
        var b = await PendingAsync("Dredge the channel instead.", "Tomas Reed", "https://news.example/other");
        var c = await PendingAsync("Half must come from the region.", "Ana Holm");

        JsonNode card;
        await using (var h = await StartAsync())
        {
            var review = await h.SendAsync(Interaction(2, Slash("review"), permissions: ManageMessages));
            card = review["data"]!;
            Assert.Equal(4, Type(review));
            Assert.True(IsEphemeral(card)); // pending quotes are for the moderator's eyes
            var embed = card["embeds"]![0]!;
            Assert.Equal($"Waiting for review: quote #{a.Id}", embed["title"]!.GetValue<string>());
            Assert.Contains("We cannot let the pier rot.", Shown(embed["description"]));
            Assert.Equal("Elena Varga", embed["author"]!["name"]!.GetValue<string>());
            var paragraph = embed["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Paragraph")!["value"]!.GetValue<string>();
            Assert.Contains(@"\*\*meeting\*\*", paragraph); // Markdown in article text is shown as typed
            Assert.Equal("2 more wait for review.", embed["footer"]!["text"]!.GetValue<string>());
            Assert.Equal(["Approve", "Reject", "Fix speaker", "Approve all from this article", "Source"], Labels(card));
            AssertNoPings(card);
        }

        // A new host on the same store: the buttons still work.
        await using var after = await StartAsync();
        var approved = await after.SendAsync(Press(CustomId(card, "Approve")));
        Assert.Equal(7, Type(approved));
        Assert.Contains($"Approved #{a.Id}", Shown(approved["data"]!["content"]));
        Assert.Contains("Dredge the channel instead.", Shown(approved["data"]!["embeds"]![0]!["description"]));
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(a.Id))!.Status);

        var again = await after.SendAsync(Press(CustomId(card, "Approve")));
        Assert.Equal(4, Type(again));
        Assert.True(IsEphemeral(again["data"]!));
        Assert.Equal($"Quote #{a.Id} was already approved; nothing changed.", Shown(again["data"]!["content"]));
        Assert.Equal(2, (await _store.GetAuditAsync(a.Id)).Count);

        var rejected = await after.SendAsync(Press(CustomId(approved["data"]!, "Reject")));
        Assert.Equal(7, Type(rejected));
        Assert.Equal(QuoteStatus.Removed, (await _store.GetAsync(b.Id))!.Status);

        var all = await after.SendAsync(Press(CustomId(rejected["data"]!, "Approve all from this article")));
        Assert.Equal(7, Type(all));
        Assert.Equal("Approved 1 quote from that article. Nothing waits for review here.", Shown(all["data"]!["content"]));
        Assert.Empty(all["data"]!["components"]!.AsArray());
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(c.Id))!.Status);

        var quote = await after.SendAsync(Interaction(2, Slash("quote", ("query", "#" + a.Id))));
        Assert.Contains("We cannot let the pier rot.", Shown(quote["data"]!["embeds"]![0]!["description"]));
        var gone = await after.SendAsync(Interaction(2, Slash("quote", ("query", "#" + b.Id))));
        Assert.Equal($"There is no quote #{b.Id} here.", Shown(gone["data"]!["content"]));
    }

    [Fact]
    public async Task ReviewButtons_ByMember_AreRefusedAndChangeNothing()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Elena Varga");
        await using var h = await StartAsync();
        var review = await h.SendAsync(Interaction(2, Slash("review")));
        Assert.Equal(ReviewDesk.ReviewRefusal, Shown(review["data"]!["content"]));

        foreach (var verb in Enum.GetValues<ReviewVerb>())
        {
            var press = await h.SendAsync(Press(ActionCodec.Encode(new ReviewAction(verb, a.Id), ActionCodec.DiscordMaxChars), moderator: false));
            Assert.Equal(4, Type(press));
            Assert.True(IsEphemeral(press["data"]!));
            Assert.Equal(ReviewDesk.ReviewRefusal, Shown(press["data"]!["content"]));
        }

        Assert.Equal(QuoteStatus.Pending, (await _store.GetAsync(a.Id))!.Status);
        Assert.Single(await _store.GetAuditAsync(a.Id));
    }

    [Fact]
    public async Task FixSpeaker_OpensAForm_AndItsAnswerChangesTheSpeaker_AfterARestart()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Varga");
        string formId;
        await using (var h = await StartAsync())
        {
            var form = await h.SendAsync(Press(ActionCodec.Encode(new ReviewAction(ReviewVerb.FixSpeaker, a.Id), ActionCodec.DiscordMaxChars)));
            Assert.Equal(9, Type(form));
            formId = form["data"]!["custom_id"]!.GetValue<string>();
            Assert.Equal($"m:fix:{a.Id}", formId);
            var input = form["data"]!["components"]![0]!["components"]![0]!;
            Assert.Equal(("speaker", "Varga"), (input["custom_id"]!.GetValue<string>(), input["value"]!.GetValue<string>()));
        }

        await using var after = await StartAsync();
        var submit = new JsonObject
        {
            ["custom_id"] = formId,
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 1,
                ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = "speaker", ["value"] = "Elena *Varga*" }),
            }),
        };

        var member = await after.SendAsync(Interaction(5, submit.DeepClone().AsObject(), permissions: NoPermissions, message: new JsonObject { ["id"] = "900" }));
        Assert.Equal(ReviewDesk.ReviewRefusal, Shown(member["data"]!["content"]));
        Assert.Equal("Varga", (await _store.GetAsync(a.Id))!.Speaker);

        var done = await after.SendAsync(Interaction(5, submit, permissions: ManageMessages, message: new JsonObject { ["id"] = "900" }));
        Assert.Equal(7, Type(done));
        Assert.Equal($"Speaker of #{a.Id} is now Elena *Varga*.", Shown(done["data"]!["content"]));
        Assert.Equal("Elena *Varga*", done["data"]!["embeds"]![0]!["author"]!["name"]!.GetValue<string>());
        Assert.Equal("Elena *Varga*", (await _store.GetAsync(a.Id))!.Speaker);
        Assert.Equal("edit", (await _store.GetAuditAsync(a.Id))[^1].Action);
    }

    [Fact]
    public async Task FixSpeaker_SlashCommand_ChecksTheName()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Varga");
        await using var h = await StartAsync();
        var bad = await h.SendAsync(Interaction(2, Slash("fixspeaker", ("id", a.Id), ("speaker", "Elena\u202EVarga")), permissions: ManageMessages));
        Assert.True(IsEphemeral(bad["data"]!));
        Assert.Equal("Varga", (await _store.GetAsync(a.Id))!.Speaker);

        var good = await h.SendAsync(Interaction(2, Slash("fixspeaker", ("id", a.Id), ("speaker", "Elena Varga")), permissions: ManageMessages));
        Assert.Equal("Elena Varga", good["data"]!["embeds"]![0]!["author"]!["name"]!.GetValue<string>());
        Assert.Equal("Elena Varga", (await _store.GetAsync(a.Id))!.Speaker);
    }
}
