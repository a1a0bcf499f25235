using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Tests.Shared;

/// <summary>
/// The per-speaker numbering behind random picks by speaker (<see cref="IQuoteSearch.SpeakerQuoteAtAsync"/>): after any
/// write, the numbers 0..Count-1 hold each active quote of the speaker visible to the reader exactly once.
/// </summary>
public abstract partial class StoreContractTests
{
    private static readonly Visibility[] Readers = [Visibility.All, Visibility.For(ChatA), Visibility.For(ChatB)];

    /// <summary>What the numbering must hold, from the store's own export (every quote, every status).</summary>
    private static async Task<List<long>> ExpectedSpeakerIds(StoreUnderTest t, string speaker, Visibility v)
    {
        var ids = new List<long>();
        await foreach (var q in t.Store.ExportAsync())
        {
            if (q.Status == QuoteStatus.Active && v.CanSee(q.Scope) && TextFolding.SpeakerMatches(q.SpeakerKey, speaker))
            {
                ids.Add(q.Id);
            }
        }

        return ids;
    }

    /// <summary>Reads every number of the speaker's list, checking the count, the ends and that no quote comes twice.</summary>
    private static async Task<List<long>> NumberedSpeakerIds(StoreUnderTest t, string speaker, Visibility v)
    {
        var counted = await t.Search.SpeakerQuoteAtAsync(speaker, v, -1);
        Assert.Null(counted.Quote);
        var ids = new List<long>();
        for (var i = 0L; i < counted.Count; i++)
        {
            var at = await t.Search.SpeakerQuoteAtAsync(speaker, v, i);
            Assert.Equal(counted.Count, at.Count);
            Assert.NotNull(at.Quote);
            Assert.Equal(QuoteStatus.Active, at.Quote.Status);
            Assert.True(v.CanSee(at.Quote.Scope));
            Assert.True(TextFolding.SpeakerMatches(at.Quote.SpeakerKey, speaker), at.Quote.SpeakerKey);
            ids.Add(at.Quote.Id);
        }

        var past = await t.Search.SpeakerQuoteAtAsync(speaker, v, counted.Count);
        Assert.Equal(counted.Count, past.Count);
        Assert.Null(past.Quote);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        return ids;
    }

    private static async Task AssertSpeakerNumbering(StoreUnderTest t, string step, params string[] speakers)
    {
        foreach (var speaker in speakers)
        {
            foreach (var v in Readers)
            {
                var expected = await ExpectedSpeakerIds(t, speaker, v);
                var numbered = await NumberedSpeakerIds(t, speaker, v);
                Assert.True(expected.Order().SequenceEqual(numbered.Order()),
                    $"{step}: speaker:{speaker} as {v.Scope?.Key ?? "all"}: expected [{string.Join(',', expected.Order())}], numbered [{string.Join(',', numbered.Order())}]");
            }
        }
    }

    [Fact]
    public async Task SpeakerQuoteAt_NumbersEachVisibleActiveQuoteOnce_NothingElse()
    {
        await using var t = await CreateStoreAsync();
        await t.Store.AddAsync(Q("The harbour opens at dawn.", "Jane Doe"), Alice);
        await t.Store.AddAsync(Q("The ferry runs twice a day.", "Dr. Jane Doe"), Alice);
        await t.Store.AddAsync(Q("Our chat decides the timetable.", "Jane Doe", ChatA), Alice);
        await t.Store.AddAsync(Q("Another chat, another timetable.", "Jane Doe", ChatB), Alice);
        await t.Store.AddAsync(Q("A cousin speaks.", "John Doe"), Alice);
        await t.Store.AddAsync(Q("Someone else entirely.", "Jane Roe"), Alice);
        var removed = (await t.Store.AddAsync(Q("This one was withdrawn.", "Jane Doe"), Alice)).Quote;
        await t.Store.SetStatusAsync(removed.Id, QuoteStatus.Removed, Alice);
        await t.Store.AddAsync(Pending("The pier will be rebuilt.", "Jane Doe", ChatA), Alice);
        await t.Store.AddAsync(Q("No speaker at all."), Alice);

        Assert.Equal(3, (await t.Search.SpeakerQuoteAtAsync("jane doe", Visibility.For(ChatA), -1)).Count); // "Dr." is a title
        Assert.Equal(4, (await t.Search.SpeakerQuoteAtAsync("Jane Doe", Visibility.All, -1)).Count);
        Assert.Equal(5, (await t.Search.SpeakerQuoteAtAsync("doe", Visibility.All, -1)).Count);
        Assert.Equal(SpeakerSlot.None, await t.Search.SpeakerQuoteAtAsync("nobody", Visibility.All, 0));
        Assert.Equal(SpeakerSlot.None, await t.Search.SpeakerQuoteAtAsync("  ", Visibility.All, 0));
        await AssertSpeakerNumbering(t, "start", "jane doe", "doe", "roe", "jane");
    }

    [Fact]
    public async Task SpeakerQuoteAt_FollowsAddsEditsRemovalsRestoresApprovalsAndScopes()
    {
        await using var t = await CreateStoreAsync();
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await t.Store.AddAsync(Q($"Harbour line number {i}.", "Jane Doe", i % 3 == 0 ? ChatA : Scope.Global, minutes: i), Alice)).Quote.Id);
        }

        string[] speakers = ["jane doe", "john roe", "doe"];
        await AssertSpeakerNumbering(t, "added", speakers);

        await t.Store.SetStatusAsync(ids[1], QuoteStatus.Removed, Alice); // from the middle: the last one takes its number
        await AssertSpeakerNumbering(t, "removed a middle one", speakers);
        await t.Store.SetStatusAsync(ids[5], QuoteStatus.Removed, Alice); // the last one of its group
        await AssertSpeakerNumbering(t, "removed the last one", speakers);
        await t.Store.SetStatusAsync(ids[1], QuoteStatus.Active, Alice);
        await AssertSpeakerNumbering(t, "restored", speakers);

        await t.Store.EditAsync(ids[2], new QuoteEdit(Speaker: "John Roe"), Alice);
        await AssertSpeakerNumbering(t, "speaker changed", speakers);
        await t.Store.EditAsync(ids[2], new QuoteEdit(Text: "Harbour line, reworded."), Alice);
        await AssertSpeakerNumbering(t, "text changed", speakers);
        await t.Store.EditAsync(ids[0], new QuoteEdit(Speaker: ""), Alice); // no speaker any more
        await AssertSpeakerNumbering(t, "speaker cleared", speakers);

        var pending = (await t.Store.AddAsync(Pending("The pier will be rebuilt.", "Jane Doe", ChatB), Alice)).Quote;
        await AssertSpeakerNumbering(t, "pending added", speakers);
        await t.Store.SetStatusAsync(pending.Id, QuoteStatus.Active, Alice);
        await AssertSpeakerNumbering(t, "approved", speakers);

        // An import that replaces a quote under its id may move it to another scope and speaker.
        var moved = (await t.Store.GetAsync(ids[3]))! with { Scope = ChatB, Speaker = "John Roe" };
        await t.Store.RestoreAsync([moved], Alice, RestoreMode.Replace);
        await AssertSpeakerNumbering(t, "replaced into another scope", speakers);
        var back = (await t.Store.GetAsync(ids[3]))! with { Scope = Scope.Global, Speaker = "Jane Doe" };
        await t.Store.RestoreAsync([back], Alice, RestoreMode.Replace);
        await AssertSpeakerNumbering(t, "replaced back", speakers);

        foreach (var id in ids)
        {
            await t.Store.SetStatusAsync(id, QuoteStatus.Removed, Alice);
        }

        await AssertSpeakerNumbering(t, "all but the approved one removed", speakers);
        Assert.Equal(1, (await t.Search.SpeakerQuoteAtAsync("doe", Visibility.All, -1)).Count);
        Assert.Equal(0, (await t.Search.SpeakerQuoteAtAsync("doe", Visibility.For(ChatA), -1)).Count);
    }

    [Fact]
    public async Task SpeakerQuoteAt_StaysDenseUnderManyRandomWrites()
    {
        await using var t = await CreateStoreAsync();
        var random = new System.Random(15);
        string[] names = ["Jane Doe", "John Doe", "Mary Roe"];
        Scope[] scopes = [Scope.Global, ChatA, ChatB];
        var ids = new List<long>();
        for (var step = 0; step < 60; step++)
        {
            var op = ids.Count < 4 ? 0 : random.Next(5);
            var id = ids.Count == 0 ? 0 : ids[random.Next(ids.Count)];
            switch (op)
            {
                case 0:
                case 1:
                    var quote = Q($"Random harbour line {step}.", names[random.Next(names.Length)], scopes[random.Next(scopes.Length)], minutes: step);
                    ids.Add((await t.Store.AddAsync(random.Next(6) == 0 ? quote with { Status = QuoteStatus.Pending } : quote, Alice)).Quote.Id);
                    break;
                case 2:
                    await t.Store.SetStatusAsync(id, random.Next(3) == 0 ? QuoteStatus.Active : QuoteStatus.Removed, Alice);
                    break;
                case 3:
                    await t.Store.SetStatusAsync(id, QuoteStatus.Active, Alice);
                    break;
                default:
                    await t.Store.EditAsync(id, new QuoteEdit(Speaker: names[random.Next(names.Length)]), Alice);
                    break;
            }

            if (step % 6 == 5)
            {
                await AssertSpeakerNumbering(t, $"step {step}", "jane doe", "doe", "roe");
            }
        }

        await AssertSpeakerNumbering(t, "end", "jane doe", "doe", "roe");
    }

    [Fact]
    public async Task FindOne_SpeakerAlone_EachVisibleQuoteOnceARound_ThenANewRound()
    {
        await using var t = await CreateStoreAsync();
        var mine = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            mine.Add((await t.Store.AddAsync(Q($"Jane's line {i}.", "Jane Doe", i % 2 == 0 ? ChatA : Scope.Global), Alice)).Quote.Id);
            await t.Store.AddAsync(Q($"Jane's other chat line {i}.", "Jane Doe", ChatB), Alice);
            await t.Store.AddAsync(Q($"Filler line {i}.", "John Roe"), Alice);
        }

        var query = Parse("speaker:doe");
        var round = new List<long>();
        for (var i = 0; i < mine.Count; i++)
        {
            round.Add((await t.Finder.FindOneAsync(query, Visibility.For(ChatA), "chat-a"))!.Id);
        }

        Assert.Equal(mine.Order(), round.Order());
        var next = await t.Finder.FindOneAsync(query, Visibility.For(ChatA), "chat-a");
        Assert.Contains(next!.Id, mine);
    }
}
