using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Random;

public class RandomQuotePickerTests
{
    private static async Task<InMemoryQuoteStore> StoreWith(int count, Scope? scope = null)
    {
        var store = new InMemoryQuoteStore();
        for (var i = 0; i < count; i++)
        {
            await store.AddAsync(new NewQuote { Text = $"quote number {i}", Speaker = "Someone", Scope = scope ?? Scope.Global }, Actor.System);
        }

        return store;
    }

    [Fact]
    public async Task NextAsync_WholePool_NoRepeatUntilExhausted()
    {
        var store = await StoreWith(40);
        var picker = new RandomQuotePicker(store, store);
        var firstRound = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            firstRound.Add((await picker.NextAsync("c1", Visibility.All))!.Id);
        }

        Assert.Equal(40, firstRound.Distinct().Count());
        var next = await picker.NextAsync("c1", Visibility.All);
        Assert.NotNull(next); // a new round starts
    }

    /// <summary>A numbered list over <paramref name="list"/> (as a store's speaker slots), counting the reads.</summary>
    private sealed class Numbered(List<Quote> list)
    {
        public int Reads { get; private set; }

        public Task<SpeakerSlot> At(long position, CancellationToken ct)
        {
            Reads++;
            return Task.FromResult(new SpeakerSlot(list.Count, position >= 0 && position < list.Count ? list[(int)position] : null));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(37)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(5000)]
    public async Task NextOfList_WalksEveryNumberOnceARound_OneReadAPick(int length)
    {
        var store = await StoreWith(Math.Min(length, 70));
        var some = (await store.GetManyAsync([.. Enumerable.Range(1, Math.Min(length, 70)).Select(i => (long)i)])).ToList();
        var list = Enumerable.Range(0, length).Select(i => some[i % some.Count] with { Id = i + 1 }).ToList();
        var picker = new RandomQuotePicker(store, store);
        var numbered = new Numbered(list);

        var round = new List<long>();
        for (var i = 0; i < length; i++)
        {
            round.Add((await picker.NextOfListAsync("l", numbered.At))!.Id);
        }

        Assert.Equal(list.Select(q => q.Id).Order(), round.Order());
        Assert.Equal(length + 1, numbered.Reads); // one count when the round starts, then one read a pick
        Assert.NotNull(await picker.NextOfListAsync("l", numbered.At)); // a new round
        Assert.Equal(length + 3, numbered.Reads);
    }

    [Fact]
    public async Task NextOfList_QuotesAddedDuringARound_JoinTheNextRound()
    {
        var store = await StoreWith(5);
        var list = (await store.GetManyAsync([1, 2, 3])).ToList();
        var picker = new RandomQuotePicker(store, store);
        var numbered = new Numbered(list);
        var first = new List<long> { (await picker.NextOfListAsync("l", numbered.At))!.Id };
        list.AddRange(await store.GetManyAsync([4, 5]));
        first.Add((await picker.NextOfListAsync("l", numbered.At))!.Id);
        first.Add((await picker.NextOfListAsync("l", numbered.At))!.Id);

        var second = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            second.Add((await picker.NextOfListAsync("l", numbered.At))!.Id);
        }

        Assert.Equal([1L, 2, 3], first.Order());
        Assert.Equal([1L, 2, 3, 4, 5], second.Order());
    }

    [Fact]
    public async Task NextOfList_EmptyOrShrunkList_NullOrStartsOver()
    {
        var store = await StoreWith(10);
        var list = (await store.GetManyAsync([.. Enumerable.Range(1, 10).Select(i => (long)i)])).ToList();
        var picker = new RandomQuotePicker(store, store);
        var numbered = new Numbered(list);

        Assert.Null(await picker.NextOfListAsync("empty", new Numbered([]).At));
        Assert.NotNull(await picker.NextOfListAsync("l", numbered.At));
        list.RemoveRange(1, 9); // one left: every pick of this round now finds it or starts over
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(list[0].Id, (await picker.NextOfListAsync("l", numbered.At))!.Id);
        }

        list.Clear();
        Assert.Null(await picker.NextOfListAsync("l", numbered.At));
    }

    [Fact]
    public async Task NextAsync_StateSurvivesNewPickerInstance()
    {
        var store = await StoreWith(10);
        var seen = new HashSet<long>();
        for (var i = 0; i < 10; i++)
        {
            // a new picker each time stands for a restart: the bag lives in the state store.
            var picker = new RandomQuotePicker(store, store);
            Assert.True(seen.Add((await picker.NextAsync("c1", Visibility.All))!.Id));
        }
    }

    [Fact]
    public async Task NextAsync_TwoInstancesSharingTheStore_NoRepeatAcrossThem()
    {
        // Two bot instances behind a load balancer answer the same chat in turn.
        var store = await StoreWith(12);
        var a = new RandomQuotePicker(store, store);
        var b = new RandomQuotePicker(store, store);
        var seen = new HashSet<long>();
        for (var i = 0; i < 12; i++)
        {
            var picker = i % 2 == 0 ? a : b;
            Assert.True(seen.Add((await picker.NextAsync("chat", Visibility.All))!.Id));
        }
    }

    [Fact]
    public async Task NextAsync_SkipsRemovedAndInvisible()
    {
        var store = await StoreWith(5);
        await store.AddAsync(new NewQuote { Text = "secret of another chat", Speaker = "X", Scope = Scope.Telegram(99) }, Actor.System);
        await store.SetStatusAsync(1, QuoteStatus.Removed, Actor.System);
        var picker = new RandomQuotePicker(store, store);
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await picker.NextAsync("c", Visibility.For(Scope.Telegram(1))))!.Id);
        }

        Assert.Equal([2, 3, 4, 5], ids.Order());
    }

    [Fact]
    public async Task NextAsync_QuotesAddedMidRound_JoinTheRound()
    {
        var store = await StoreWith(3);
        var picker = new RandomQuotePicker(store, store);
        var ids = new List<long> { (await picker.NextAsync("c", Visibility.All))!.Id };
        await store.AddAsync(new NewQuote { Text = "late arrival", Speaker = "Y" }, Actor.System);
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await picker.NextAsync("c", Visibility.All))!.Id);
        }

        Assert.Equal([1, 2, 3, 4], ids.Order());
    }

    [Fact]
    public async Task NextAsync_EmptyPool_ReturnsNull()
    {
        var store = await StoreWith(0);
        Assert.Null(await new RandomQuotePicker(store, store).NextAsync("c", Visibility.All));
        var other = await StoreWith(3, Scope.Telegram(5));
        Assert.Null(await new RandomQuotePicker(other, other).NextAsync("c", Visibility.For(Scope.Telegram(6))));
    }
}
