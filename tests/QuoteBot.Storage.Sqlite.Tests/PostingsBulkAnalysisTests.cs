using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The bulk path analyses quotes straight into term numbers (<see cref="BulkAnalyzer"/>) instead of an
/// <see cref="Analysis"/> per quote. Its postings must be exactly those of <see cref="Analysis.Of"/> (same terms, weighted
/// frequencies, positions, pair terms, lengths), and a load through it must write exactly the rows of the same quotes
/// written whole, however often it spills and starts numbering its terms again.
/// </summary>
public sealed class PostingsBulkAnalysisTests : IDisposable
{
    private static readonly string[] Words =
    [
        "tu", "moutel", "bou", "gea", "fa", "chezu", "lai", "stou", "brea", "pli", "zou", "vai", "Café", "naïve", "Ünïcödé",
        "don't", "it\u2019s", "ROCK", "rocks", "rocking", "x-ray", "東京", "😀", "über", "\u00e9t\u00e9",
    ];

    private static readonly string?[] Speakers =
    [
        "Ada Moutel", "Bea Tu", "Cid Lai", "O'Brien", "José Ñúñez", "'", "", null, new string('z', 40) + " " + new string('q', 70),
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IndexedQuote Quote(Random rng)
    {
        var words = new List<string> { "tu" };
        words.AddRange(Enumerable.Range(0, rng.Next(0, 14)).Select(_ => Words[(int)(Words.Length * Math.Pow(rng.NextDouble(), 2))]));
        if (rng.Next(5) == 0)
        {
            words.AddRange(["bou", "tu", "bou", "tu"]); // a pair repeated, overlapping
        }

        if (rng.Next(8) == 0)
        {
            // A long quote: more distinct terms and pairs than the analyser's first arrays hold.
            words.AddRange(Enumerable.Range(0, 150).Select(i => i % 3 == 0 ? "tu" : i % 3 == 1 ? "bou" : "w" + i.ToString(CultureInfo.InvariantCulture)));
        }

        var title = rng.Next(3) switch
        {
            0 => null,
            1 => Words[rng.Next(Words.Length)] + " " + Words[rng.Next(Words.Length)],
            _ => "tu bou moutel",
        };
        return new IndexedQuote(string.Join(rng.Next(2) == 0 ? " " : ", ", words.OrderBy(_ => rng.Next())) + ".", Speakers[rng.Next(Speakers.Length)], title);
    }

    /// <summary>The postings of one analysed quote: term, weighted frequency, positions (null for pair terms).</summary>
    private static SortedDictionary<string, (int Wtf, int[]? Positions)> Expected(Analysis a)
    {
        var all = new SortedDictionary<string, (int, int[]?)>(StringComparer.Ordinal);
        foreach (var (term, o) in a.Terms)
        {
            all[term] = (o.Wtf, o.Positions.ToArray());
        }

        foreach (var (pair, wtf) in a.Pairs ?? [])
        {
            all[pair] = (wtf, null);
        }

        return all;
    }

    /// <summary>Decodes <see cref="AnalyzedQuotes"/> back into terms (by the load's numbers), one entry per quote.</summary>
    private static List<(int Length, string? Speaker, SortedDictionary<string, (int Wtf, int[]? Positions)> Postings)> Decode(AnalyzedQuotes analyzed, BulkTerms terms)
    {
        var data = analyzed.Data;
        var bytes = analyzed.Positions.Span;
        var at = 0;
        var quotes = new List<(int, string?, SortedDictionary<string, (int, int[]?)>)>();
        for (var i = 0; i < analyzed.Count; i++)
        {
            var postings = new SortedDictionary<string, (int, int[]?)>(StringComparer.Ordinal);
            var n = data[at++];
            for (var k = 0; k < n; k++, at += 4)
            {
                int[]? positions = null;
                if (data[at + 3] >= 0)
                {
                    var p = data[at + 2];
                    var count = Varint.Read(bytes, ref p);
                    positions = new int[count];
                    var last = 0;
                    for (var j = 0; j < count; j++)
                    {
                        positions[j] = last = Varint.ReadPosition(bytes, ref p, last);
                    }

                    Assert.Equal(data[at + 2] + data[at + 3], p); // the encoded run is exactly the positions
                }

                Assert.True(postings.TryAdd(terms.Name(data[at]), (data[at + 1], positions)), "a term posted twice in one quote");
            }

            quotes.Add((analyzed.Lengths[i], analyzed.Speakers[i], postings));
        }

        Assert.Equal(data.Length, at);
        return quotes;
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)] // pair words with levels: only pairs whose levels add up to at most 6 (tu+caf, not bou+caf)
    public void TheBulkAnalyzerGivesTheSamePostingsAsAnalysis(bool withPairWords, bool pairsWithAnyWord, bool withLevels)
    {
        var rng = new Random(withPairWords ? (pairsWithAnyWord ? 3 : withLevels ? 4 : 2) : 1);
        IReadOnlySet<string>? pairWords = !withPairWords ? null
            : withLevels ? new PairWordSet(new Dictionary<string, int> { ["tu"] = 1, ["bou"] = 2, ["moutel"] = 4, ["caf"] = 5 }, levelSum: 6)
            : new HashSet<string>(["tu", "bou", "moutel", "caf"], StringComparer.Ordinal);
        var terms = new BulkTerms();
        var analyzer = new BulkAnalyzer(terms);
        using var tokenizer = new PostingsTokenizer();
        var quotes = Enumerable.Range(0, 300).Select(_ => Quote(rng)).ToList();
        // Two batches through one analyser: its kept term numbers, speakers and pairs are met again in the second.
        foreach (var batch in quotes.Chunk(150))
        {
            analyzer.Begin(pairWords, pairsWithAnyWord);
            foreach (var q in batch)
            {
                analyzer.Analyze(tokenizer, q);
            }

            var got = Decode(analyzer.Output, terms);
            Assert.Equal(batch.Length, got.Count);
            for (var i = 0; i < batch.Length; i++)
            {
                using var fresh = new PostingsTokenizer();
                var expected = Analysis.Of(fresh, batch[i], [], pairWords, pairsWithAnyWord);
                Assert.Equal(expected.Length, got[i].Length);
                Assert.Equal(expected.Speaker, got[i].Speaker);
                var want = Expected(expected);
                Assert.Equal(want.Keys, got[i].Postings.Keys);
                foreach (var (term, (wtf, positions)) in want)
                {
                    Assert.Equal(wtf, got[i].Postings[term].Wtf);
                    Assert.Equal(positions, got[i].Postings[term].Positions);
                }
            }
        }

        Assert.Contains(quotes, q => q.Speaker is { Length: > PostingsTokenizer.RepeatedColumnMaxLength }); // a speaker too long to keep
        if (withPairWords)
        {
            Assert.Contains(Enumerable.Range(0, terms.Count), id => terms.Name(id).StartsWith('\u0002'));
        }
    }

    [Theory]
    [InlineData(1 << 30, 1 << 20, 700, 0)] // one spill at the end
    [InlineData(20_000, 1 << 20, 700, 0)] // many spills, then the final merge
    [InlineData(20_000, 40, 700, 0)] // many spills, term numbers forgotten after each (a few dozen terms)
    [InlineData(1 << 30, 1 << 20, 2000, 60)] // "tu" 60 more times a quote: its buffer runs over many blocks
    public void ABulkLoadOfQuotesAnalysedInBulkWritesTheRowsOfTheQuotesWrittenWhole(long budget, int termNumberLimit, int count, int repeats)
    {
        var rng = new Random(5);
        var quotes = Enumerable.Range(1, count).ToDictionary(i => i * 3, _ => Quote(rng)); // ids with gaps
        if (repeats > 0)
        {
            foreach (var id in quotes.Keys.ToList())
            {
                quotes[id] = quotes[id] with { Text = quotes[id].Text + string.Concat(Enumerable.Repeat(" tu", repeats)) };
            }
        }

        using var bc = Connect("bulk.db");
        using var bulk = Create(bc);
        var tokenizers = new System.Collections.Concurrent.ConcurrentBag<PostingsTokenizer>();
        var load = new PostingsBulkLoad(bulk, budget) { TermNumberLimit = termNumberLimit };
        foreach (var batch in quotes.Chunk(100)) // 100 a call: analysed by two threads on two cores
        {
            using var w = bulk.BeginWrite();
            load.Add(w, batch.Select(x => (x.Key, x.Value)).ToList(), () => tokenizers.TryTake(out var t) ? t : new PostingsTokenizer(), tokenizers.Add);
            load.Flush(w);
            w.Commit();
        }

        if (budget < 1 << 30)
        {
            Assert.True(load.Segments.Count >= 7, $"{load.Segments.Count} segments");
        }

        Assert.NotEqual(0, load.Complete());
        foreach (var t in tokenizers)
        {
            t.Dispose();
        }

        using var oc = Connect("whole.db");
        using var whole = Create(oc);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        var expected = PostingsRows.Of(oc, withTotals: true);
        Assert.Contains(expected, r => r.StartsWith("terms|\u0002", StringComparison.Ordinal)); // pair terms
        Assert.Contains(expected, r => r.StartsWith("terms|\u0001", StringComparison.Ordinal)); // speaker terms
        Assert.Equal(expected, PostingsRows.Of(bc, withTotals: true));
    }

    [Theory]
    [InlineData(1L, 8)] // after every call (each buffers something), then before the final merge
    [InlineData(40_000L, -1)] // after some calls only
    [InlineData(long.MaxValue, 0)] // never while buffering: only before the final merge
    public void ABulkLoadCompactsTheHeapAsItBuffersAndBeforeItsFinalMerge(long compactAfterBytes, int whileBuffering)
    {
        var rng = new Random(11);
        using var c = Connect("compact.db");
        using var index = Create(c);
        var compactions = new List<(int Call, int Segments, int Pending)>();
        PostingsBulkLoad? load = null;
        var call = 0;
        load = new PostingsBulkLoad(index, 35_000)
        {
            CompactAfterBytes = compactAfterBytes,
            Compact = () => compactions.Add((call, load!.Segments.Count, load.Pending)),
        };
        var tokenizers = new System.Collections.Concurrent.ConcurrentBag<PostingsTokenizer>();
        var id = 0;
        for (call = 1; call <= 8; call++)
        {
            using var w = index.BeginWrite();
            load.Add(w, Enumerable.Range(0, 100).Select(_ => (++id, Quote(rng))).ToList(), () => tokenizers.TryTake(out var t) ? t : new PostingsTokenizer(), tokenizers.Add);
            w.Commit();
        }

        foreach (var t in tokenizers)
        {
            t.Dispose();
        }

        var spills = load.Segments.Count;
        Assert.True(spills >= 3, $"{spills} spills");
        var pending = load.Pending;
        if (whileBuffering >= 0)
        {
            Assert.Equal(whileBuffering, compactions.Count);
        }
        else
        {
            Assert.InRange(compactions.Count, 1, 7);
        }

        Assert.Equal(compactions.Select(x => x.Call).Distinct().Count(), compactions.Count); // at most one a call
        if (compactAfterBytes == 1)
        {
            // A call that spilled asks after its spill: the spilled buffer is garbage by then.
            Assert.Contains(compactions, x => x.Pending == 0 && x.Segments > 0);
        }

        var before = compactions.Count;
        Assert.NotEqual(0, load.Complete());
        Assert.Equal(before + 1, compactions.Count); // the rest spilled, then one before the merge
        Assert.Equal(spills + (pending > 0 ? 1 : 0), compactions[^1].Segments);
    }

    [Fact]
    public void ABulkLoadOfOneSegmentDoesNotCollectBeforeCompleting()
    {
        using var c = Connect("one.db");
        using var index = Create(c);
        var compactions = 0;
        var load = new PostingsBulkLoad(index, 1L << 30) { CompactAfterBytes = long.MaxValue, Compact = () => compactions++ };
        using var tokenizer = new PostingsTokenizer();
        using (var w = index.BeginWrite())
        {
            load.Add(w, [(1, new IndexedQuote("tu bou", null, null)), (2, new IndexedQuote("bou", null, null))], () => tokenizer, _ => { });
            w.Commit();
        }

        Assert.NotEqual(0, load.Complete());
        Assert.Equal(0, compactions); // nothing to merge
    }

    [Fact]
    public void CompactHeapRunsAFullCollection()
    {
        var before = GC.CollectionCount(GC.MaxGeneration);
        PostingsBulkLoad.CompactHeap();
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before);
        Assert.Equal(System.Runtime.GCLargeObjectHeapCompactionMode.Default, System.Runtime.GCSettings.LargeObjectHeapCompactionMode); // the large-object heap was compacted (the setting resets itself)
    }

    [Fact]
    public void ABulkLoadRefusesIdsOutOfOrderBeforeBufferingAnything()
    {
        using var c = Connect("order.db");
        using var index = Create(c);
        var load = index.BeginBulkLoad();
        using var tokenizer = new PostingsTokenizer();
        using var w = index.BeginWrite();
        var error = Assert.Throws<ArgumentException>(() => load.Add(w, [(5, new IndexedQuote("tu bou", null, null)), (4, new IndexedQuote("tu", null, null))], () => tokenizer, _ => { }));
        Assert.Contains("quote 4 comes after 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, load.Pending);
        load.Add(w, [(5, new IndexedQuote("tu bou", null, null))], () => tokenizer, _ => { }); // still usable
        Assert.Equal(1, load.Pending);
    }

    private SqliteConnection Connect(string name) => RawDb.Raw(_dir.File(name));

    private static PostingsIndex Create(SqliteConnection c)
    {
        PostingsIndex.Create(c, new PostingsOptions { BlockSize = 3, ChunkBlocks = 2, SegmentMinimum = 1, TailLimit = 0, PairWords = ["tu", "bou"] });
        var index = PostingsIndex.Open(c);
        foreach (var s in Speakers.Where(x => !string.IsNullOrEmpty(x)))
        {
            index.SpeakerId(s!); // speaker ids registered in one order in every file
        }

        return index;
    }

}
