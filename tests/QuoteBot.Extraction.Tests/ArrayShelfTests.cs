namespace QuoteBot.Extraction.Tests;

/// <summary>
/// <c>ArrayShelf</c> lends exact-length arrays for one article and takes them all back afterwards; the extractor keeps
/// each paragraph's tokens in them.
/// </summary>
public sealed class ArrayShelfTests
{
    private static ValueList<int> Items(params int[] values)
    {
        var list = new ValueList<int>();
        foreach (var v in values)
        {
            list.Add(v);
        }

        return list;
    }

    [Fact]
    public void Copy_GivesAnArrayOfExactlyTheItems()
    {
        var shelf = new ArrayShelf<int>(16, 1000);
        Assert.Equal([7, 8, 9], shelf.Copy(Items(7, 8, 9)));
        Assert.Empty(shelf.Copy(Items()));
    }

    [Fact]
    public void Copy_BeforeTakeBack_NeverLendsTheSameArrayTwice()
    {
        var shelf = new ArrayShelf<int>(16, 1000);
        var lent = new List<int[]>();
        for (var i = 0; i < 50; i++)
        {
            lent.Add(shelf.Copy(Items(i, i + 1, i + 2)));
        }

        Assert.Equal(50, lent.Distinct(ReferenceEqualityComparer.Instance).Count());
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal([i, i + 1, i + 2], lent[i]);
        }
    }

    [Fact]
    public void TakeBackAll_ThenCopy_ReusesTheArraysInTheSameOrder()
    {
        var shelf = new ArrayShelf<int>(16, 1000);
        var first = shelf.Copy(Items(1, 2));
        var second = shelf.Copy(Items(3, 4));
        var third = shelf.Copy(Items(5, 6, 7));
        shelf.TakeBackAll();

        var again = shelf.Copy(Items(10, 11));
        Assert.Same(first, again);
        Assert.Equal([10, 11], again);
        Assert.Same(third, shelf.Copy(Items(12, 13, 14)));
        Assert.Same(second, shelf.Copy(Items(15, 16)));
        Assert.NotSame(first, shelf.Copy(Items(17, 18))); // a third pair: a new array
        Assert.Equal(9, shelf.KeptItems);
    }

    [Fact]
    public void Copy_LongerThanMaxLength_IsANewArrayEachTime()
    {
        var shelf = new ArrayShelf<int>(4, 1000);
        var a = shelf.Copy(Items(1, 2, 3, 4, 5));
        shelf.TakeBackAll();
        var b = shelf.Copy(Items(1, 2, 3, 4, 5));
        Assert.NotSame(a, b);
        Assert.Equal(0, shelf.KeptItems);
    }

    [Fact]
    public void Copy_PastTheItemBound_KeepsNoMore()
    {
        var shelf = new ArrayShelf<int>(16, 10);
        var kept = new List<int[]>();
        for (var i = 0; i < 5; i++)
        {
            kept.Add(shelf.Copy(Items(i, i, i)));
        }

        Assert.Equal(9, shelf.KeptItems); // three arrays of three; the fourth and fifth were not kept
        shelf.TakeBackAll();
        var next = Enumerable.Range(0, 5).Select(i => shelf.Copy(Items(i, i, i))).ToList();
        for (var i = 0; i < 3; i++)
        {
            Assert.Same(kept[i], next[i]);
        }

        Assert.NotSame(kept[3], next[3]);
        Assert.NotSame(kept[4], next[4]);
        Assert.Equal(9, shelf.KeptItems);
    }

    [Fact]
    public void Extract_ReusedTokenArrays_LeaveNoTraceOfTheLastArticle()
    {
        // The same paragraph lengths in both articles, so that the second fills exactly the first one's arrays.
        const string First = "Mayor Linda Ostrander spoke on Monday.\n\n\"The bridge will reopen in May,\" Ostrander said.";
        const string Second = "Judge Greta Marchetti ruled on Friday.\n\n\"The appeal was thrown out now,\" Marchetti said.";
        string Run(string name, string text) => string.Join("|", QuoteExtractor.Extract(Article.FromPlainText(name, text))
            .Select(q => $"{q.Speaker}:{q.Cue}:{q.Text}:{q.Start}"));

        var (alone, afterFirst) = RunOnNewThread(() => Run("b.txt", Second), () => { Run("a.txt", First); return Run("b.txt", Second); });
        Assert.Equal(alone, afterFirst);
        Assert.Contains("Greta Marchetti", afterFirst);
    }

    private static (string, string) RunOnNewThread(Func<string> a, Func<string> b)
    {
        string? x = null, y = null;
        var t1 = new Thread(() => x = a());
        t1.Start();
        t1.Join();
        var t2 = new Thread(() => y = b());
        t2.Start();
        t2.Join();
        return (x!, y!);
    }
}
