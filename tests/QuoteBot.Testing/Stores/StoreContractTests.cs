using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Tests.Shared;

/// <summary>A store under test: one object seen through the three store contracts.</summary>
public sealed record StoreUnderTest(IQuoteStore Store, IQuoteSearch Search, IStateStore State) : IAsyncDisposable
{
    public static StoreUnderTest Of<T>(T store) where T : IQuoteStore, IQuoteSearch, IStateStore => new(store, store, store);

    /// <summary>The query path over this store, as the bot builds it.</summary>
    public QuoteFinder Finder => new(Store, Search, new RandomQuotePicker(Store, State));

    public ValueTask DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable a:
                return a.DisposeAsync();
            case IDisposable d:
                d.Dispose();
                break;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Behaviour every quote store must have, whatever the engine. A store project derives from this class and supplies
/// a fresh, initialized, empty store.
/// </summary>
public abstract partial class StoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly Actor Alice = new("tg:1", "Alice");
    protected static readonly Scope ChatA = Scope.Telegram(-100);
    protected static readonly Scope ChatB = Scope.Discord(42);

    /// <summary>A new, empty, initialized store.</summary>
    protected abstract Task<StoreUnderTest> CreateStoreAsync();

    protected static NewQuote Q(string text, string? speaker = null, Scope? scope = null, string? title = null, int minutes = 0) => new()
    {
        Text = text,
        Speaker = speaker,
        Scope = scope ?? Scope.Global,
        Source = new QuoteSource("Outlet", title, "https://example.org/a", new DateOnly(2026, 2, 28)),
        AddedBy = Alice.Id,
        AddedAt = T0.AddMinutes(minutes),
    };

    protected static QuoteQuery Parse(string s) => QueryParser.Parse(s).Query ?? throw new InvalidOperationException("parse failed: " + s);

    /// <summary>The ids a query finds, through the one query path every caller uses (<see cref="QuoteFinder"/>).</summary>
    protected static async Task<List<long>> Ids(StoreUnderTest t, string query, Visibility? v = null, int limit = 20) =>
        (await t.Finder.FindPageAsync(Parse(query), v ?? Visibility.All, 0, limit)).Items.Select(q => q.Id).ToList();

    [Fact]
    public async Task AddAsync_NewQuotes_AssignsIdsFromOneAndStoresFields()
    {
        await using var t = await CreateStoreAsync();
        var a = await t.Store.AddAsync(Q("We will rebuild every bridge.", "Jane Doe", title: "Bridges"), Alice);
        var b = await t.Store.AddAsync(Q("Second quote here.", null), Alice);

        Assert.True(a.Added);
        Assert.Equal(1, a.Quote.Id);
        Assert.Equal(2, b.Quote.Id);
        var got = await t.Store.GetAsync(1);
        Assert.NotNull(got);
        Assert.Equal("We will rebuild every bridge.", got.Text);
        Assert.Equal("Jane Doe", got.Speaker);
        Assert.Equal("jane doe", got.SpeakerKey);
        Assert.Equal("Bridges", got.Source.Title);
        Assert.Equal(new DateOnly(2026, 2, 28), got.Source.Published);
        Assert.Equal(T0, got.AddedAt);
        Assert.Equal(QuoteStatus.Active, got.Status);
        Assert.Equal(a.Quote, got);
        Assert.Null(await t.Store.GetAsync(99));
    }

    [Fact]
    public async Task AddAsync_SameTextAndSpeakerDifferentCaseAndAccents_IsDuplicate()
    {
        await using var t = await CreateStoreAsync();
        var a = await t.Store.AddAsync(Q("Café is open!", "José Núñez"), Alice);
        var b = await t.Store.AddAsync(Q("cafe is OPEN", "jose nunez"), Alice);

        Assert.True(b.Duplicate);
        Assert.Equal(a.Quote.Id, b.Quote.Id);
        Assert.Equal(1, await t.Store.CountAsync(Visibility.All));
    }

    [Fact]
    public async Task AddAsync_SameTextInAnotherScope_IsAdded()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Same words.", "X", ChatA), Alice);
        var b = await t.Store.AddAsync(Q("Same words.", "X", ChatB), Alice);
        var c = await t.Store.AddAsync(Q("Same words.", "Y", ChatB), Alice);

        Assert.True(b.Added);
        Assert.True(c.Added);
    }

    [Fact]
    public async Task AddManyAsync_WithDuplicates_CountsAddedAndDuplicates()
    {
        await using var t = await CreateStoreAsync();
        var summary = await t.Store.AddManyAsync([Q("one"), Q("two"), Q("ONE"), Q("three")], Alice);

        Assert.Equal(new ImportSummary(3, 1), summary);
        Assert.Equal(3, await t.Store.MaxIdAsync());
    }

    [Fact]
    public async Task SetStatusAsync_RemoveThenAdd_NeverReusesIds()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("first"), Alice);
        var second = await t.Store.AddAsync(Q("second"), Alice);
        await t.Store.SetStatusAsync(second.Quote.Id, QuoteStatus.Removed, Alice);
        var third = await t.Store.AddAsync(Q("third"), Alice);

        Assert.Equal(3, third.Quote.Id);
        Assert.Equal(3, await t.Store.MaxIdAsync());
    }

    [Fact]
    public async Task SetStatusAsync_RemoveAndRestore_HidesThenShowsEverywhere()
    {
        await using var t = await CreateStoreAsync();
        var a = await t.Store.AddAsync(Q("The harbour reopens tomorrow.", "Port Chief"), Alice);

        var removed = await t.Store.SetStatusAsync(a.Quote.Id, QuoteStatus.Removed, Alice);
        Assert.Equal(QuoteStatus.Removed, removed!.Status);
        Assert.Empty(await Ids(t, "harbour"));
        Assert.Empty(await Ids(t, "speaker:chief"));
        Assert.Empty(await Ids(t, "#1"));
        Assert.Equal(0, await t.Store.CountAsync(Visibility.All));
        Assert.Equal(QuoteStatus.Removed, (await t.Store.GetAsync(a.Quote.Id))!.Status);

        await t.Store.SetStatusAsync(a.Quote.Id, QuoteStatus.Active, Alice);
        Assert.Equal([1L], await Ids(t, "harbour"));
        Assert.Equal(1, await t.Store.CountAsync(Visibility.All));
        Assert.Null(await t.Store.SetStatusAsync(77, QuoteStatus.Removed, Alice));
    }

    [Fact]
    public async Task ChangeStatusAsync_ChangesOnlyFromTheExpectedStatus_AuditedOnlyWhenItDoes()
    {
        await using var t = await CreateStoreAsync();
        var bob = new Actor("dc:7", "Bob");
        var id = (await t.Store.AddAsync(Q("The pier must not rot.", "Elena Varga") with { Status = QuoteStatus.Pending }, Alice)).Quote.Id;

        // Bob rejects first; Alice's approve of the same pending quote then finds it decided and changes nothing.
        var rejected = await t.Store.ChangeStatusAsync(id, QuoteStatus.Pending, QuoteStatus.Removed, bob);
        var approved = await t.Store.ChangeStatusAsync(id, QuoteStatus.Pending, QuoteStatus.Active, Alice);

        Assert.Equal((QuoteStatus.Removed, true), (rejected!.Quote.Status, rejected.Changed));
        Assert.Equal((QuoteStatus.Removed, false), (approved!.Quote.Status, approved.Changed));
        Assert.Equal(QuoteStatus.Removed, (await t.Store.GetAsync(id))!.Status);
        Assert.Empty(await Ids(t, "pier"));
        var audit = await t.Store.GetAuditAsync(id);
        Assert.Equal(["add", "reject"], audit.Select(a => a.Action));
        Assert.Equal("dc:7", audit[^1].ActorId);

        // Already where it should go: unchanged, not audited again. No such quote: null.
        var again = await t.Store.ChangeStatusAsync(id, QuoteStatus.Pending, QuoteStatus.Removed, bob);
        Assert.Equal((QuoteStatus.Removed, false), (again!.Quote.Status, again.Changed));
        Assert.Equal(2, (await t.Store.GetAuditAsync(id)).Count);
        Assert.Null(await t.Store.ChangeStatusAsync(77, QuoteStatus.Pending, QuoteStatus.Active, Alice));

        // From the status it has: changes, and search sees it.
        var restored = await t.Store.ChangeStatusAsync(id, QuoteStatus.Removed, QuoteStatus.Active, Alice);
        Assert.True(restored!.Changed);
        Assert.Equal([id], await Ids(t, "pier"));
    }

    [Fact]
    public async Task GetAuditAsync_AfterAddEditRemoveRestore_HasOneRowEachWithBeforeAndAfter()
    {
        await using var t = await CreateStoreAsync();
        var bob = new Actor("dc:7", "Bob");
        var id = (await t.Store.AddAsync(Q("Old words.", "Jane Doe"), Alice)).Quote.Id;
        await t.Store.EditAsync(id, new QuoteEdit(Text: "New words."), bob);
        await t.Store.SetStatusAsync(id, QuoteStatus.Removed, bob);
        await t.Store.SetStatusAsync(id, QuoteStatus.Active, Alice);

        var audit = await t.Store.GetAuditAsync(id);
        Assert.Equal(["add", "edit", "remove", "restore"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(id, a.QuoteId));
        Assert.Null(audit[0].Before);
        Assert.Equal("Old words.", audit[0].After!.Text);
        Assert.Equal(T0, audit[0].At);
        Assert.Equal("Old words.", audit[1].Before!.Text);
        Assert.Equal("New words.", audit[1].After!.Text);
        Assert.Equal(("dc:7", "Bob"), (audit[1].ActorId, audit[1].ActorName));
        Assert.Equal(QuoteStatus.Removed, audit[2].After!.Status);
        Assert.Equal(QuoteStatus.Active, audit[3].After!.Status);
    }

    [Fact]
    public async Task EditAsync_TextAndSpeaker_UpdatesStoreAndSearchIndex()
    {
        await using var t = await CreateStoreAsync();
        var id = (await t.Store.AddAsync(Q("Apples are red.", "Jane Doe"), Alice)).Quote.Id;

        var edited = await t.Store.EditAsync(id, new QuoteEdit(Text: "Bananas are yellow.", Speaker: "John Roe", SourceUrl: "https://example.org/b"), Alice);

        Assert.Equal("Bananas are yellow.", edited!.Text);
        Assert.Equal("john roe", edited.SpeakerKey);
        Assert.Equal("https://example.org/b", (await t.Store.GetAsync(id))!.Source.Url);
        Assert.Empty(await Ids(t, "apples"));
        Assert.Equal([id], await Ids(t, "bananas"));
        Assert.Equal([id], await Ids(t, "speaker:roe"));
        Assert.Empty(await Ids(t, "speaker:doe"));
        Assert.Null(await t.Store.EditAsync(999, new QuoteEdit(Text: "x"), Alice));
    }

    [Fact]
    public async Task RestoreAsync_SameExportTwice_KeepsIdsAndIsIdempotent()
    {
        await using var source = await CreateStoreAsync();
        await source.Store.AddManyAsync([Q("alpha words"), Q("beta words", "Jane Doe"), Q("gamma words", scope: ChatA)], Alice);
        await source.Store.SetStatusAsync(2, QuoteStatus.Removed, Alice);
        var export = new List<Quote>();
        await foreach (var q in source.Store.ExportAsync())
        {
            export.Add(q);
        }

        var sparse = export.Where(q => q.Id != 1).ToList(); // ids 2 and 3 only: they must keep their numbers

        await using var target = await CreateStoreAsync();
        var first = await target.Store.RestoreAsync(sparse, Alice, RestoreMode.KeepExisting);
        var second = await target.Store.RestoreAsync(sparse, Alice, RestoreMode.KeepExisting);

        Assert.Equal(2, first.Added);
        Assert.Equal(0, second.Added);
        Assert.Equal(0, second.Updated);
        Assert.Equal(sparse, await ExportAll(target));
        Assert.Equal(3, await target.Store.MaxIdAsync());
        Assert.Equal([3L], await Ids(target, "gamma"));
        Assert.Empty(await Ids(target, "beta"));
        var next = await target.Store.AddAsync(Q("delta"), Alice);
        Assert.Equal(4, next.Quote.Id);

        var changed = sparse[1] with { Text = "gamma changed" };
        var third = await target.Store.RestoreAsync([changed], Alice, RestoreMode.Replace);
        Assert.Equal(1, third.Updated);
        Assert.Equal([3L], await Ids(target, "changed"));
    }

    [Fact]
    public async Task RestoreAsync_KeepExisting_DifferentQuoteUnderSameId_IsAConflictAndNothingChanges()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddManyAsync([Q("our own first quote", "Moderator Mo"), Q("our own second quote", "Moderator Mo")], Alice);
        var before = await ExportAll(t);
        var audit1 = await t.Store.GetAuditAsync(1);
        var foreign = new[]
        {
            Q("somebody else entirely", "Other Person").ToQuote(1),                     // id 1 taken by a different quote
            Q("our own second quote", "Moderator Mo", title: "Another title").ToQuote(2), // id 2: same quote (dedupe key)
            Q("a brand new one", "Other Person").ToQuote(5),                           // id 5: free
        };

        var first = await t.Store.RestoreAsync(foreign, Alice, RestoreMode.KeepExisting);
        var second = await t.Store.RestoreAsync(foreign, Alice, RestoreMode.KeepExisting);

        Assert.Equal(1, first.Added);
        Assert.Equal(1, first.Duplicates);
        Assert.Equal(0, first.Updated);
        Assert.Equal([1L], first.Conflicts);
        Assert.Equal(new ImportSummary(0, 2, 0) { Conflicts = [1] }, second);
        var after = await ExportAll(t);
        Assert.Equal(before, after.Where(q => q.Id != 5));
        Assert.Equal("a brand new one", after.Single(q => q.Id == 5).Text);
        Assert.Equal(audit1.Count, (await t.Store.GetAuditAsync(1)).Count);
        Assert.Single(await t.Store.GetAuditAsync(5));
        Assert.Equal([1L], await Ids(t, "first"));
        Assert.Empty(await Ids(t, "somebody"));

        var replaced = await t.Store.RestoreAsync([foreign[0]], Alice, RestoreMode.Replace);
        Assert.Equal(1, replaced.Updated);
        Assert.Equal("somebody else entirely", (await t.Store.GetAsync(1))!.Text);
        Assert.Equal([1L], await Ids(t, "somebody"));
    }

    public static TheoryData<string> BadQuotes => new()
    {
        "javascript-url", "long-text", "long-speaker", "bad-scope", "huge-id", "zero-id", "bel", "bidi", "lone-surrogate", "newline-speaker", "empty-text",
    };

    private static Quote BadQuote(string kind)
    {
        var ok = Q("a perfectly fine quote", "Fine Speaker").ToQuote(7);
        return kind switch
        {
            "javascript-url" => ok with { Source = ok.Source with { Url = "javascript:alert(1)" } },
            "long-text" => ok with { Text = new string('a', 100_000) },
            "long-speaker" => ok with { Speaker = new string('b', 5_000) },
            "bad-scope" => ok with { Scope = new Scope("tg:abc") },
            "huge-id" => ok with { Id = long.MaxValue },
            "zero-id" => ok with { Id = 0 },
            "bel" => ok with { Text = "ring \u0007 the bell" },
            "bidi" => ok with { Speaker = "evil \u202E reversed" },
            "lone-surrogate" => ok with { Text = "half \uD83D an emoji" },
            "newline-speaker" => ok with { Speaker = "two\nlines" },
            "empty-text" => ok with { Text = "  " },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(BadQuotes))]
    public async Task EveryWrite_QuoteBreakingTheRules_IsRefusedAndNothingChanges(string kind)
    {
        await using var t = await CreateStoreAsync();
        var kept = await t.Store.AddAsync(Q("the quote already there", "Kept Speaker"), Alice);
        var bad = BadQuote(kind);
        var asNew = new NewQuote { Text = bad.Text, Speaker = bad.Speaker, Source = bad.Source, Context = bad.Context, Scope = bad.Scope, AddedBy = bad.AddedBy, AddedAt = bad.AddedAt };

        await Assert.ThrowsAsync<InvalidQuoteException>(() => t.Store.RestoreAsync([bad], Alice, RestoreMode.Replace));
        if (kind is not ("huge-id" or "zero-id"))
        {
            await Assert.ThrowsAsync<InvalidQuoteException>(() => t.Store.AddAsync(asNew, Alice));
            await Assert.ThrowsAsync<InvalidQuoteException>(() => t.Store.AddManyAsync([Q("a good one", "Good Speaker"), asNew], Alice));
        }

        if (kind is "javascript-url" or "long-text" or "long-speaker" or "bel" or "bidi" or "lone-surrogate" or "newline-speaker" or "empty-text")
        {
            var edit = new QuoteEdit(
                Text: kind is "long-text" or "bel" or "lone-surrogate" or "empty-text" ? bad.Text : null,
                Speaker: kind is "long-speaker" or "bidi" or "newline-speaker" ? bad.Speaker : null,
                SourceUrl: kind == "javascript-url" ? bad.Source.Url : null);
            await Assert.ThrowsAsync<InvalidQuoteException>(() => t.Store.EditAsync(kept.Quote.Id, edit, Alice));
        }

        Assert.Equal([kept.Quote], await ExportAll(t));
        Assert.Equal(1, await t.Store.MaxIdAsync());
        Assert.Single(await t.Store.GetAuditAsync(kept.Quote.Id));
        var next = await t.Store.AddAsync(Q("a later quote still gets the next id", "Later Speaker"), Alice);
        Assert.Equal(2, next.Quote.Id);
    }

    protected static async Task<List<Quote>> ExportAll(StoreUnderTest t)
    {
        var list = new List<Quote>();
        await foreach (var q in t.Store.ExportAsync())
        {
            list.Add(q);
        }

        return list;
    }

    [Fact]
    public async Task ExportAsync_ManyQuotes_ReturnsAllInIdOrderIncludingRemoved()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddManyAsync(Enumerable.Range(0, 2500).Select(i => Q($"quote number {i}")), Alice);
        await t.Store.SetStatusAsync(10, QuoteStatus.Removed, Alice);

        var all = await ExportAll(t);

        Assert.Equal(Enumerable.Range(1, 2500).Select(i => (long)i), all.Select(q => q.Id));
        Assert.Equal(QuoteStatus.Removed, all[9].Status);
    }

    [Fact]
    public async Task SearchAsync_PluralQuery_FindsSingularByStemming()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Not one territory will be given away."), Alice);
        await t.Store.AddAsync(Q("Nothing relevant."), Alice);

        Assert.Equal([1L], await Ids(t, "territories"));
    }

    [Fact]
    public async Task SearchAsync_AccentsAndCase_DoNotMatter()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Le CAFÉ est fermé."), Alice);

        Assert.Equal([1L], await Ids(t, "cafe FERME"));
        Assert.Equal([1L], await Ids(t, "Café"));
    }

    [Fact]
    public async Task SearchAsync_WordInTextSpeakerAndTitle_RanksTextThenSpeakerThenTitle()
    {
        await using var t = await CreateStoreAsync();
        var inTitle = (await t.Store.AddAsync(Q("Talks went long today.", "Ann Other", title: "Orchard report"), Alice)).Quote.Id;
        var inSpeaker = (await t.Store.AddAsync(Q("Talks went long again.", "Jim Orchard", title: "Daily"), Alice)).Quote.Id;
        var inText = (await t.Store.AddAsync(Q("The orchard talks went long.", "Ann Other", title: "Daily"), Alice)).Quote.Id;

        Assert.Equal([inText, inSpeaker, inTitle], await Ids(t, "orchard"));
    }

    [Fact]
    public async Task SearchAsync_MoreOccurrencesAndShorterText_RankHigher()
    {
        await using var t = await CreateStoreAsync();
        var weak = (await t.Store.AddAsync(Q("Wheat is mentioned once in this rather long sentence about many other things entirely."), Alice)).Quote.Id;
        var strong = (await t.Store.AddAsync(Q("Wheat, wheat and more wheat."), Alice)).Quote.Id;

        Assert.Equal([strong, weak], await Ids(t, "wheat"));
    }

    [Fact]
    public async Task SearchAsync_SpeakerFilter_MatchesTransliterationVariants()
    {
        await using var t = await CreateStoreAsync();
        var full = (await t.Store.AddAsync(Q("We will stand.", "Volodymyr Zelenskyy"), Alice)).Quote.Id;
        var shortName = (await t.Store.AddAsync(Q("We will stand firm.", "Zelensky"), Alice)).Quote.Id;
        await t.Store.AddAsync(Q("We will stand too.", "Someone Else"), Alice);

        Assert.Equal([full, shortName], (await Ids(t, "speaker:zelenskyy stand")).Order());
        Assert.Equal([full, shortName], (await Ids(t, "speaker:zelenskiy")).Order());
        Assert.Equal([full], await Ids(t, "speaker:\"volodymyr zelensky\""));
        Assert.Empty(await Ids(t, "speaker:zel"));
    }

    [Fact]
    public async Task SearchAsync_SpeakerOnly_ReturnsNewestFirstWithPaging()
    {
        await using var t = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await t.Store.AddAsync(Q($"Statement {i}.", "Jane Doe"), Alice);
        }

        await t.Store.AddAsync(Q("Other.", "John Roe"), Alice);
        var page1 = await t.Search.SearchAsync(Parse("speaker:doe"), Visibility.All, 0, 3);
        var page2 = await t.Search.SearchAsync(Parse("speaker:doe"), Visibility.All, 3, 3);

        Assert.Equal([5L, 4, 3], page1.Items.Select(q => q.Id));
        Assert.True(page1.HasMore);
        Assert.Equal([2L, 1], page2.Items.Select(q => q.Id));
        Assert.False(page2.HasMore);
    }

    [Fact]
    public async Task SearchAsync_ExcludedWord_LeavesThoseQuotesOut()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Peace talks in Geneva."), Alice);
        await t.Store.AddAsync(Q("Peace talks in Vienna."), Alice);

        Assert.Equal([2L], await Ids(t, "peace -geneva"));

        // A query of only -words has nothing to look for (the parser refuses it; a store given one matches nothing).
        Assert.Empty((await t.Search.SearchAsync(new QuoteQuery { Excluded = ["geneva"] }, Visibility.All, 0, 5)).Items);
    }

    [Fact]
    public async Task SearchAsync_ExcludedPhrase_LeavesOutThePhraseOnly()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Keep an open mind about the talks."), Alice);
        await t.Store.AddAsync(Q("The talks have an open door and a clear mind."), Alice);
        await t.Store.AddAsync(Q("The talks will mind the open questions."), Alice);

        Assert.Equal([2L, 3L], (await Ids(t, "talks -\"open mind\"")).Order());
        Assert.Equal([1L], await Ids(t, "talks -door -questions"));
    }

    [Fact]
    public async Task SearchAsync_SpeakerWithExcludedPhrase_LeavesOutThePhraseOnly()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Keep an open mind.", "Magda Vell"), Alice);
        await t.Store.AddAsync(Q("Mind the open door.", "Magda Vell"), Alice);
        await t.Store.AddAsync(Q("Keep an open mind too.", "Ana Varga"), Alice);

        Assert.Equal([2L], await Ids(t, "speaker:\"magda vell\" -\"open mind\""));
        Assert.Equal([1L, 2L], (await Ids(t, "speaker:vell")).Order());
    }

    [Fact]
    public async Task SearchAsync_ExcludedWordInSpeakerOrTitle_LeavesTheQuoteOut()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Harvest news from the fields.", "Ana Varga", title: "Geneva harvest"), Alice);
        await t.Store.AddAsync(Q("Harvest news from the valley.", "Magda Vell", title: "Valley harvest"), Alice);

        Assert.Equal([2L], await Ids(t, "harvest -geneva"));
        Assert.Equal([2L], await Ids(t, "harvest -varga"));
    }

    [Fact]
    public async Task SearchAsync_Phrase_RequiresWordsTogetherInOrder()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("The grain deal is over."), Alice);
        await t.Store.AddAsync(Q("A deal on grain is near."), Alice);

        Assert.Equal([1L], await Ids(t, "\"grain deal\""));
        Assert.Equal(2, (await Ids(t, "grain deal")).Count);
    }

    [Fact]
    public async Task SearchAsync_Id_ReturnsThatQuoteOnlyWhenVisibleAndActive()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Global one."), Alice);
        await t.Store.AddAsync(Q("Private to A.", scope: ChatA), Alice);

        Assert.Equal([1L], await Ids(t, "#1", Visibility.For(ChatB)));
        Assert.Equal([2L], await Ids(t, "#2", Visibility.For(ChatA)));
        Assert.Empty(await Ids(t, "#2", Visibility.For(ChatB)));
        Assert.Empty(await Ids(t, "#3"));
        Assert.Empty(await Ids(t, "#99999999999999999999999"));
    }

    [Fact]
    public async Task SearchAsync_ScopedVisibility_SeesGlobalAndOwnOnly()
    {
        await using var t = await CreateStoreAsync();
        var g = (await t.Store.AddAsync(Q("Shared river news.", "Jane Doe"), Alice)).Quote.Id;
        var a = (await t.Store.AddAsync(Q("Chat A river news.", "Jane Doe", ChatA), Alice)).Quote.Id;
        var b = (await t.Store.AddAsync(Q("Chat B river news.", "Jane Doe", ChatB), Alice)).Quote.Id;

        Assert.Equal([g, a], (await Ids(t, "river", Visibility.For(ChatA))).Order());
        Assert.Equal([g, b], (await Ids(t, "speaker:doe", Visibility.For(ChatB))).Order());
        Assert.Equal([g, a, b], (await Ids(t, "river")).Order());
        Assert.Equal(2, await t.Store.CountAsync(Visibility.For(ChatA)));
        Assert.Equal(3, await t.Store.CountAsync(Visibility.All));
    }

    [Fact]
    public async Task SearchAsync_EmptyQuery_MatchesNothing()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Something."), Alice);

        Assert.Empty((await t.Search.SearchAsync(QuoteQuery.Empty, Visibility.All, 0, 5)).Items);
    }

    [Fact]
    public async Task SearchAsync_Paging_ReportsHasMoreAndDoesNotRepeat()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddManyAsync(Enumerable.Range(0, 12).Select(i => Q($"lantern story {i}")), Alice);

        var seen = new List<long>();
        for (var offset = 0; offset < 12; offset += 5)
        {
            var page = await t.Search.SearchAsync(Parse("lantern"), Visibility.All, offset, 5);
            seen.AddRange(page.Items.Select(q => q.Id));
            Assert.Equal(offset + 5 < 12, page.HasMore);
        }

        Assert.Equal(12, seen.Distinct().Count());
    }

    public static TheoryData<string> HostileQueries() =>
    [
        "\"", "\"\"", "AND", "OR", "NOT", "and or not", "NEAR(a b)", "NEAR", "*", "a*", "(", ")", "((a)", "^start", "C++",
        "e-mail", "o'brien", "12:30", "speaker:", "speaker:\"", "speaker:\"\"", "#", "#abc", "#-1", "#0",
        "#99999999999999999999999999", "-", "--", "- -x", "-\"", "text:foo", "speaker_key:x", "{text}:x", "quotes_fts",
        "rank:1", "'; DROP TABLE quotes; --", "\\", "%", "_", "😀", "🇺🇦 flag", "\t\tword\t", "a\u0000b", "\u0007\u001b[31m",
        "\u200B", "\u0301", "ﬁ", "İstanbul", "日本語", "مرحبا", new string('a', 10_000), string.Join(' ', Enumerable.Repeat("wo", 5000)),
        "\"unclosed phrase", "speaker:\"jane", "«guillemets»", "“curly”", "-speaker:x", "x -y -z -w", "+plus", "a:b:c",
    ];

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task SearchAsync_HostileInput_NeverThrows(string input)
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Email me at noon, o'brien said about the C++ AND NOT NEAR case at 12:30.", "Pat O'Brien"), Alice);

        var parsed = QueryParser.Parse(input);
        if (parsed.Query is { } query)
        {
            var page = await t.Search.SearchAsync(query, Visibility.For(ChatA), 0, 5);
            Assert.NotNull(page);
            Assert.NotNull(await t.Finder.FindPageAsync(query, Visibility.For(ChatA), 0, 5));
            await t.Finder.FindOneAsync(query, Visibility.For(ChatA), "hostile");
        }

        await t.Search.SuggestSpeakersAsync(input, Visibility.All, 5);
        Assert.Equal(1, await t.Store.CountAsync(Visibility.All));
    }

    [Fact]
    public async Task SearchAsync_OperatorWordsAndPunctuation_AreMatchedAsPlainWords()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("Cats AND dogs, NOT birds: e-mail at 12:30 with o'brien."), Alice);
        await t.Store.AddAsync(Q("Unrelated sentence."), Alice);

        Assert.Equal([1L], await Ids(t, "AND"));
        Assert.Equal([1L], await Ids(t, "not"));
        Assert.Equal([1L], await Ids(t, "e-mail"));
        Assert.Equal([1L], await Ids(t, "12:30"));
        Assert.Equal([1L], await Ids(t, "O'Brien"));
    }

    [Fact]
    public async Task SuggestSpeakersAsync_Prefix_MatchesNameWordsMostQuotedFirst()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("a1", "Volodymyr Zelenskyy"), Alice);
        await t.Store.AddAsync(Q("a2", "Volodymyr Zelenskyy"), Alice);
        await t.Store.AddAsync(Q("a3", "Zelda Fitzgerald"), Alice);
        await t.Store.AddAsync(Q("a4", "Zelda Fitzgerald"), Alice);
        await t.Store.AddAsync(Q("a5", "Zelda Fitzgerald"), Alice);
        await t.Store.AddAsync(Q("a6", "Vladimir Example"), Alice);
        await t.Store.AddAsync(Q("a7", "Zeno Private", ChatA), Alice);

        Assert.Equal(["Zelda Fitzgerald", "Volodymyr Zelenskyy"], await t.Search.SuggestSpeakersAsync("zel", Visibility.For(ChatB), 10));
        Assert.Equal(["Volodymyr Zelenskyy"], await t.Search.SuggestSpeakersAsync("ZELÉNS", Visibility.All, 10));
        Assert.Equal(["Volodymyr Zelenskyy"], await t.Search.SuggestSpeakersAsync("volodymyr z", Visibility.All, 10));
        Assert.Equal(["Zelda Fitzgerald", "Volodymyr Zelenskyy", "Zeno Private"], await t.Search.SuggestSpeakersAsync("ze", Visibility.For(ChatA), 10));
        Assert.Equal(["Zelda Fitzgerald"], await t.Search.SuggestSpeakersAsync("ze", Visibility.All, 1));
        Assert.Empty(await t.Search.SuggestSpeakersAsync("q", Visibility.All, 10));
    }

    [Fact]
    public async Task SuggestSpeakersAsync_AllQuotesOfSpeakerRemoved_IsNotSuggested()
    {
        await using var t = await CreateStoreAsync();
        var id = (await t.Store.AddAsync(Q("gone", "Gone Speaker"), Alice)).Quote.Id;
        await t.Store.SetStatusAsync(id, QuoteStatus.Removed, Alice);

        Assert.Empty(await t.Search.SuggestSpeakersAsync("gone", Visibility.All, 10));
    }

    [Fact]
    public async Task StateStore_SetThenGet_RoundTripsAndOverwrites()
    {
        await using var t = await CreateStoreAsync();
        Assert.Null(await t.State.GetAsync("bag:x"));
        await t.State.SetAsync("bag:x", "1 2 3 4");
        await t.State.SetAsync("bag:x", "5 6 7 8");

        Assert.Equal("5 6 7 8", await t.State.GetAsync("bag:x"));
    }

    [Fact]
    public async Task TryClaim_SecondCallerWhileUnexpired_LosesUntilExpiryOrRelease()
    {
        await using var t = await CreateStoreAsync();
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var ttl = TimeSpan.FromMinutes(10);

        Assert.True(await t.State.TryClaimAsync("tg:update:1:42", now, ttl));
        Assert.False(await t.State.TryClaimAsync("tg:update:1:42", now.AddMinutes(1), ttl));
        Assert.True(await t.State.TryClaimAsync("tg:update:1:43", now, ttl));
        Assert.True(await t.State.TryClaimAsync("tg:update:1:42", now.AddMinutes(11), ttl)); // expired
        await t.State.ReleaseClaimAsync("tg:update:1:42");
        Assert.True(await t.State.TryClaimAsync("tg:update:1:42", now.AddMinutes(12), ttl));
        Assert.Null(await t.State.GetAsync("tg:update:1:42")); // claims do not collide with state keys
    }

    [Fact]
    public async Task TryClaim_ManyConcurrentCallers_ExactlyOneWins()
    {
        await using var t = await CreateStoreAsync();
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => t.State.TryClaimAsync("race", now, TimeSpan.FromHours(1)))));
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task RandomQuotePicker_OverStore_NoRepeatUntilPoolExhausted()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddManyAsync(Enumerable.Range(0, 40).Select(i => Q($"random {i}")), Alice);
        await t.Store.AddAsync(Q("hidden", scope: ChatB), Alice);
        await t.Store.SetStatusAsync(7, QuoteStatus.Removed, Alice);
        var picker = new RandomQuotePicker(t.Store, t.State);

        var round1 = new List<long>();
        for (var i = 0; i < 39; i++)
        {
            round1.Add((await picker.NextAsync("chat", Visibility.For(ChatA)))!.Id);
        }

        Assert.Equal(39, round1.Distinct().Count());
        Assert.DoesNotContain(7L, round1);
        Assert.DoesNotContain(41L, round1);
        var next = await picker.NextAsync("chat", Visibility.For(ChatA));
        Assert.NotNull(next); // a new round starts
    }

    // ---- pending quotes and articles (news in) ---------------------------------------------------------------------

    private static IArticleStore Articles(StoreUnderTest t) =>
        t.Store as IArticleStore ?? throw new InvalidOperationException("every quote store keeps articles too");

    private static NewQuote Pending(string text, string? speaker, Scope scope, string url = "https://news.example/pier") =>
        Q(text, speaker, scope) with { Status = QuoteStatus.Pending, Source = new QuoteSource("Gazette", "Pier vote", url, null) };

    private static NewArticle Article(Scope scope, string url, string hash) => new()
    {
        Scope = scope,
        CanonicalUrl = url,
        ContentHash = hash,
        Title = "Pier vote",
        AddedBy = Alice.Id,
        FetchedAt = T0,
    };

    [Fact]
    public async Task Pending_NeverSearchedCountedSuggestedOrPicked_ButStored()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("The harbour will stay open all winter.", "Ilse Varnaby", ChatA), Alice);
        var pending = await t.Store.AddAsync(Pending("The zeppelin mooring mast goes up next week.", "Tobias Fenn", ChatA), Alice);
        Assert.True(pending.Added);
        Assert.Equal(QuoteStatus.Pending, pending.Quote.Status);
        Assert.Equal(QuoteStatus.Pending, (await t.Store.GetAsync(pending.Quote.Id))!.Status);

        Assert.Empty(await Ids(t, "zeppelin"));
        Assert.Empty(await Ids(t, "zeppelin", Visibility.For(ChatA)));
        Assert.Empty(await Ids(t, "speaker:fenn", Visibility.For(ChatA)));
        Assert.Empty(await Ids(t, "\"mooring mast\""));
        Assert.Equal(1, await t.Store.CountAsync(Visibility.All));
        Assert.Equal(1, await t.Store.CountAsync(Visibility.For(ChatA)));
        Assert.Empty(await t.Search.SuggestSpeakersAsync("fen", Visibility.For(ChatA), 10));

        var picker = new RandomQuotePicker(t.Store, t.State);
        for (var i = 0; i < 6; i++)
        {
            var q = await picker.NextAsync("bag", Visibility.For(ChatA));
            Assert.NotNull(q);
            Assert.Equal(QuoteStatus.Active, q.Status);
        }
    }

    [Fact]
    public async Task Pending_ApproveMakesItSearchable_RejectRemovesIt_BothAudited()
    {
        await using var t = await CreateStoreAsync();
        var a = (await t.Store.AddAsync(Pending("The zeppelin mooring mast goes up next week.", "Tobias Fenn", ChatA), Alice)).Quote;
        var b = (await t.Store.AddAsync(Pending("Nobody asked the gulls about the pier.", "Tobias Fenn", ChatA), Alice)).Quote;

        var approved = await t.Store.SetStatusAsync(a.Id, QuoteStatus.Active, Alice);
        Assert.Equal(QuoteStatus.Active, approved!.Status);
        Assert.Equal([a.Id], await Ids(t, "zeppelin", Visibility.For(ChatA)));
        Assert.Equal([a.Id], await Ids(t, "speaker:fenn", Visibility.For(ChatA)));
        Assert.Equal(1, await t.Store.CountAsync(Visibility.For(ChatA)));

        await t.Store.SetStatusAsync(b.Id, QuoteStatus.Removed, Alice);
        Assert.Empty(await Ids(t, "gulls"));

        Assert.Equal("approve", (await t.Store.GetAuditAsync(a.Id))[^1].Action);
        Assert.Equal("reject", (await t.Store.GetAuditAsync(b.Id))[^1].Action);
        Assert.Equal(QuoteStatus.Pending, (await t.Store.GetAuditAsync(a.Id))[^1].Before!.Status);
    }

    [Fact]
    public async Task Pending_ListedPerScopeOldestFirst_AndExportedAsPending()
    {
        await using var t = await CreateStoreAsync();
        var a1 = (await t.Store.AddAsync(Pending("First pending quote in chat A.", "Ilse Varnaby", ChatA), Alice)).Quote;
        var b1 = (await t.Store.AddAsync(Pending("First pending quote in chat B.", "Ilse Varnaby", ChatB), Alice)).Quote;
        await t.Store.AddAsync(Q("An active quote in chat A.", "Ilse Varnaby", ChatA), Alice);
        var a2 = (await t.Store.AddAsync(Pending("Second pending quote in chat A.", "Ilse Varnaby", ChatA), Alice)).Quote;

        var articles = Articles(t);
        Assert.Equal([a1.Id, a2.Id], (await articles.ListPendingAsync(ChatA, 0, 10)).Select(q => q.Id));
        Assert.Equal([a2.Id], (await articles.ListPendingAsync(ChatA, a1.Id, 10)).Select(q => q.Id));
        Assert.Equal([a1.Id], (await articles.ListPendingAsync(ChatA, 0, 1)).Select(q => q.Id));
        Assert.Equal([b1.Id], (await articles.ListPendingAsync(ChatB, 0, 10)).Select(q => q.Id));
        Assert.Equal([a1.Id, b1.Id, a2.Id], (await articles.ListPendingAsync(null, 0, 10)).Select(q => q.Id));

        var exported = new List<Quote>();
        await foreach (var q in t.Store.ExportAsync())
        {
            exported.Add(q);
        }

        Assert.Equal(3, exported.Count(q => q.Status == QuoteStatus.Pending));
    }

    [Fact]
    public async Task AddArticle_OncePerScope_ByCanonicalUrlAndByContentHash()
    {
        await using var t = await CreateStoreAsync();
        var articles = Articles(t);
        var quotes = new[]
        {
            Pending("This pier is where half of this town learned to fish.", "Ilse Varnaby", ChatA),
            Pending("We asked for a cheaper repair.", "Tobias Fenn", ChatA),
        };
        Assert.False(await articles.HasArticleAsync(ChatA, "https://news.example/pier"));

        var first = await articles.AddArticleAsync(Article(ChatA, "https://news.example/pier", "hash-1"), quotes, Alice);
        Assert.True(first.Added);
        Assert.Equal(2, first.Quotes.Added);
        Assert.True(await articles.HasArticleAsync(ChatA, "https://news.example/pier"));
        Assert.False(await articles.HasArticleAsync(ChatB, "https://news.example/pier"));

        var sameUrl = await articles.AddArticleAsync(Article(ChatA, "https://news.example/pier", "hash-2"), [Pending("A different quote.", "Tobias Fenn", ChatA)], Alice);
        var sameText = await articles.AddArticleAsync(Article(ChatA, "https://mirror.example/pier", "hash-1"), [Pending("Another quote.", "Tobias Fenn", ChatA)], Alice);
        Assert.False(sameUrl.Added);
        Assert.False(sameText.Added);
        Assert.Equal(0, sameUrl.Quotes.Added);
        Assert.Equal(2, (await articles.ListPendingAsync(ChatA, 0, 10)).Count);

        var otherScope = await articles.AddArticleAsync(
            Article(ChatB, "https://news.example/pier", "hash-1"),
            quotes.Select(q => q with { Scope = ChatB }).ToArray(),
            Alice);
        Assert.True(otherScope.Added);
        Assert.Equal(2, otherScope.Quotes.Added);

        // A quote already stored in the scope is a duplicate, not a second copy.
        var repeat = await articles.AddArticleAsync(Article(ChatA, "https://news.example/pier-update", "hash-3"), [quotes[0]], Alice);
        Assert.True(repeat.Added);
        Assert.Equal(new ImportSummary(0, 1), repeat.Quotes);
    }

    [Fact]
    public async Task Add_RefusesARemovedNewQuote()
    {
        await using var t = await CreateStoreAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => t.Store.AddAsync(Q("Gone before it came.") with { Status = QuoteStatus.Removed }, Alice));
        Assert.Equal(0, await t.Store.MaxIdAsync());
    }
}
