using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The extractor lends each article a per-thread set of working collections (<c>ArticleScan.Buffers</c>) and empties
/// it afterwards: an article must come out the same whatever was extracted before it on the same thread.
/// </summary>
public sealed class ReusedBuffersTests
{
    // Two short articles with a name at the same character offsets: a name-parse cache (keyed by offsets) kept from
    // the first article would give the second article's quote the first article's speaker.
    private const string First = "Mayor Linda Ostrander spoke on Monday.\n\n\"The bridge will reopen in May,\" Ostrander said.";
    private const string Second = "Judge Greta Marchetti ruled on Monday.\n\n\"The appeal was thrown out now,\" Marchetti said.";

    [Fact]
    public void Extract_SecondArticleOnSameThread_GetsItsOwnSpeakers()
    {
        var (alone, afterFirst, firstAgain) = OnNewThread(() =>
        {
            var a = Describe(Extract("b.txt", Second));
            var firstQuotes = Describe(Extract("a.txt", First));
            var b = Describe(Extract("b.txt", Second));
            return (a, b, firstQuotes);
        });

        Assert.Contains("Greta Marchetti", afterFirst);
        Assert.DoesNotContain("Ostrander", afterFirst);
        Assert.Equal(alone, afterFirst);
        Assert.Contains("Linda Ostrander", firstAgain);
    }

    [Fact]
    public void Extract_LabelledArticlesInARow_GiveTheSameQuotesAsEachOnAFreshThread()
    {
        var articles = LabelledScorer.Pairs()
            .SelectMany(p => ArticleLoader.LoadFile(p.Article).Articles)
            .ToList();
        Assert.True(articles.Count >= 10, $"only {articles.Count} labelled articles");

        // Each on its own thread: fresh buffers. Then all in a row on one thread, forwards and backwards, so that each
        // article follows a different (larger or smaller) one and works in collections the other left behind.
        var alone = articles.Select(a => OnNewThread(() => Describe(QuoteExtractor.Extract(a)))).ToList();
        var (forward, backward) = OnNewThread(() =>
        {
            var f = articles.Select(a => Describe(QuoteExtractor.Extract(a))).ToList();
            var b = Enumerable.Reverse(articles).Select(a => Describe(QuoteExtractor.Extract(a))).Reverse().ToList();
            return (f, b);
        });

        for (var i = 0; i < articles.Count; i++)
        {
            Assert.Equal(alone[i], forward[i]);
            Assert.Equal(alone[i], backward[i]);
        }
    }

    [Fact]
    public void Buffers_ReturnedSet_IsLentAgainEmpty()
    {
        OnNewThread(() =>
        {
            var set = ArticleScan.Buffers.Rent();
            Assert.NotSame(set, ArticleScan.Buffers.Rent()); // lent out: a nested article gets a set of its own
            Fill(set, quotes: 3);
            ArticleScan.Buffers.Return(set);

            var again = ArticleScan.Buffers.Rent();
            Assert.Same(set, again);
            Assert.Empty(again.Quotes);
            Assert.Equal(0, again.NameCache.Count);
            Assert.Equal(0, again.ResolvedAt.Count);
            Assert.False(again.NameCache.TryGetValue(42, out _));
            Assert.False(again.ResolvedAt.TryGetValue(7, out _));
            Assert.Equal(0, again.Mentions.Count);
            Assert.Equal(0, again.Speakers.Count);
            Assert.Equal(0, again.Pending.Count);
            Assert.All(again.AttrByQuote(3), Assert.Null);
            Assert.All(again.GroupOf(3), g => Assert.Equal(0, g));
            Assert.All(again.RecentNames, r => Assert.Equal(default, r));
            Assert.Equal(0, again.ParagraphTokens.Count);
            return 0;
        });
    }

    [Fact]
    public void Buffers_SetThatGrewTooLarge_IsNotKept()
    {
        OnNewThread(() =>
        {
            var set = ArticleScan.Buffers.Rent();
            Fill(set, quotes: ArticleScan.Buffers.MaxKeptQuotes + 1);
            ArticleScan.Buffers.Return(set);
            Assert.NotSame(set, ArticleScan.Buffers.Rent());
            return 0;
        });
    }

    [Fact]
    public void Buffers_ParagraphTokenListThatGrewTooLarge_IsReplacedByASmallOne()
    {
        OnNewThread(() =>
        {
            var set = ArticleScan.Buffers.Rent();
            var small = set.ParagraphTokens;
            ArticleScan.Buffers.Return(set);
            Assert.Same(small, ArticleScan.Buffers.Rent().ParagraphTokens); // an ordinary list is kept

            for (var i = 0; i <= ArticleScan.Buffers.MaxKeptTokens; i++)
            {
                set.ParagraphTokens.Add(new Token { Start = i, End = i + 1 });
            }

            var grown = set.ParagraphTokens;
            ArticleScan.Buffers.Return(set);
            var again = ArticleScan.Buffers.Rent();
            Assert.Same(set, again);
            Assert.NotSame(grown, again.ParagraphTokens);
            Assert.Equal(0, again.ParagraphTokens.Count);
            Assert.InRange(again.ParagraphTokens.Capacity, 1, ArticleScan.Buffers.MaxKeptTokens);
            return 0;
        });
    }

    [Fact]
    public void Extract_ParagraphLongerThanTheKeptTokenList_SameQuotesBeforeAndAfter()
    {
        // One paragraph of more tokens than the kept list holds, then a short article on the same thread.
        var words = string.Join(' ', Enumerable.Range(0, ArticleScan.Buffers.MaxKeptTokens + 10).Select(i => i % 2 == 0 ? "ferry" : "crews"));
        var longText = "Harbour notes\n\n\"We keep sailing,\" Lena Olsvik said. " + words + ".";
        var (alone, longQuotes, afterLong) = OnNewThread(() =>
        {
            var a = Describe(Extract("b.txt", Second));
            var l = Describe(Extract("long.txt", longText));
            var b = Describe(Extract("b.txt", Second));
            return (a, l, b);
        });

        Assert.Contains("Lena Olsvik", longQuotes);
        Assert.Equal(alone, afterLong);
    }

    private static void Fill(ArticleScan.Buffers set, int quotes)
    {
        for (var i = 0; i < quotes; i++)
        {
            set.Quotes.Add(new QuoteSpan { Open = i });
        }

        set.NameCache[42] = new NameInfo();
        set.ResolvedAt[7] = 1;
        set.Mentions.Add(new Mention { Pos = 1 });
        set.Speakers.Add(new Mention { Pos = 2 });
        set.Pending.Add(new ArticleScan.PendingName(new NameInfo(), 1, 0, true, 0));
        set.AttrByQuote(quotes)[quotes - 1] = new ArticleScan.Attribution();
        set.GroupOf(quotes)[quotes - 1] = 5;
        set.RecentNames[5] = (42, new NameInfo());
        set.ParagraphTokens.Add(new Token { Start = 1, End = 2 });
    }

    private static IReadOnlyList<ExtractedQuote> Extract(string name, string text) => QuoteExtractor.Extract(Article.FromPlainText(name, text));

    private static string Describe(IReadOnlyList<ExtractedQuote> quotes) =>
        string.Join("\n", quotes.Select(q => $"{q.Paragraph}:{q.Start}-{q.End} {q.Speaker}/{q.SpeakerKind} {q.Cue} {q.Audience} g{q.Group} {q.Text}"));

    private static T OnNewThread<T>(Func<T> work)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                error = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("the work on the new thread failed", error);
        }

        return result;
    }
}
