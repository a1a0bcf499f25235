using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>The part of a quote the postings index reads: the three indexed columns (the speaker key is derived).</summary>
internal sealed record IndexedQuote(string Text, string? Speaker, string? Title)
{
    public static IndexedQuote From(NewQuote q) => new(q.Text, q.Speaker, q.Source.Title);
}

/// <summary>
/// The store's tokenizer (<see cref="Fts5Terms"/>: FTS5's <c>porter unicode61 remove_diacritics 2</c> found through
/// the connection's <c>fts5_api</c>), giving every token in order (for positions). One instance per thread: FTS5
/// tokenizer instances are not shared. Columns are indexed as the store's triggers index them: apostrophes dropped
/// from every column but the speaker key.
/// </summary>
internal sealed class PostingsTokenizer : IDisposable
{
    /// <summary>Column weights, in the store's FTS column order: text, speaker, speaker key, source title.</summary>
    public static int[] Weights => Fts5Terms.Weights;

    private readonly SqliteConnection _connection;
    private readonly Fts5Terms _terms;

    public PostingsTokenizer()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _terms = Fts5Terms.Open(_connection) ?? throw new InvalidOperationException("FTS5's porter tokenizer is not available in this SQLite build.");
    }

    /// <summary>The four indexed columns of a quote, as the store's triggers pass them to FTS5.</summary>
    public static string?[] Columns(string? text, string? speaker, string? speakerKey, string? title) =>
    [
        Indexed(text), Indexed(speaker), speakerKey, Indexed(title),
    ];

    private static string? Indexed(string? value) =>
        value?.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);

    /// <summary>The tokens of one column, in order, as FTS5 indexes a document.</summary>
    public void Document(string? text, List<string> into)
    {
        if (string.IsNullOrEmpty(text))
        {
            into.Clear();
            return;
        }

        _terms.DocumentTokens(text, into);
    }

    /// <summary>As <see cref="Document(string?, List{string})"/>, each token given to <paramref name="sink"/> as UTF-8 bytes (nothing for an empty column).</summary>
    public void Document(string? text, IUtf8TokenSink sink)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _terms.DocumentTokens(text, sink);
        }
    }

    /// <summary>Scratch of <see cref="Analysis.Of"/>: each token hit of the quote being analysed and its position.</summary>
    internal List<(Analysis.Occurrences Token, int Position)> Hits { get; } = [];

    // Pair terms made by this instance, by their two tokens: a bulk load meets the same few hundred pairs in every quote.
    private readonly Dictionary<(string, string), string> _pairTerms = [];

    /// <summary>At most this many pair term strings are kept per instance.</summary>
    internal const int PairTermLimit = 8192;

    /// <summary><see cref="Analysis.PairTerm"/>, the string made once per distinct pair (while fewer than <see cref="PairTermLimit"/> are kept).</summary>
    public string PairTerm(string first, string second)
    {
        if (_pairTerms.TryGetValue((first, second), out var term))
        {
            return term;
        }

        term = Analysis.PairTerm(first, second);
        if (_pairTerms.Count < PairTermLimit)
        {
            _pairTerms[(first, second)] = term;
        }

        return term;
    }

    // Tokens of speaker names and keys seen before (a bulk load meets each speaker many times). Kept small: every
    // thread that analyses has its own tokenizer.
    private readonly Dictionary<string, string[]> _columnTokens = new(StringComparer.Ordinal);

    /// <summary>At most this many column values' tokens are kept per instance; values longer than <see cref="RepeatedColumnMaxLength"/> are not kept.</summary>
    internal const int RepeatedColumnLimit = 4096;

    internal const int RepeatedColumnMaxLength = 100;

    /// <summary>As <see cref="Document(string?, List{string})"/>, for a value likely to repeat (a speaker name or key): its tokens kept for the next time.</summary>
    public void RepeatedDocument(string? text, List<string> into)
    {
        if (string.IsNullOrEmpty(text) || text.Length > RepeatedColumnMaxLength)
        {
            Document(text, into);
            return;
        }

        if (_columnTokens.TryGetValue(text, out var tokens))
        {
            into.Clear();
            into.AddRange(tokens);
            return;
        }

        Document(text, into);
        if (_columnTokens.Count < RepeatedColumnLimit)
        {
            _columnTokens[text] = [.. into];
        }
    }

    /// <summary>The tokens FTS5 makes of a folded query word (usually one stem).</summary>
    public List<string> Query(string word) => _terms.QueryTokens(word);

    public void Dispose()
    {
        _terms.Dispose();
        _connection.Dispose();
    }
}

/// <summary>
/// One quote as the index sees it: every token of its four columns with its weighted frequency (10 / 3 / 3 / 1 per
/// hit by column) and its positions, and its length (tokens over the four columns). A position is
/// <c>column &lt;&lt; 24 | index in the column</c>, so two tokens are next to each other only within one column.
/// </summary>
internal sealed class Analysis
{
    public const int ColumnShift = 24;

    public Dictionary<string, Occurrences> Terms { get; } = new(StringComparer.Ordinal);

    public int Length { get; private set; }

    /// <summary>The speaker name as given (null or empty: none).</summary>
    public string? Speaker { get; private set; }

    /// <summary>With pair words: each two of them next to each other in one column, by pair term, with the weighted hits.</summary>
    public Dictionary<string, int>? Pairs { get; private set; }

    /// <summary>The term under which a segment keeps the postings of a two-token phrase of pair words.</summary>
    public static string PairTerm(string first, string second) => "\u0002" + first + " " + second;

    /// <summary>
    /// A token's weighted frequency and its positions in increasing order (a slice of one array the analysis shares
    /// among its tokens: one object per token instead of a list and its array).
    /// </summary>
    public sealed class Occurrences
    {
        public int Wtf { get; set; }

        public ArraySegment<int> Positions { get; internal set; }

        internal int Count;
    }

    public static Analysis Of(PostingsTokenizer tokenizer, IndexedQuote q, List<string> scratch, IReadOnlySet<string>? pairWords = null, bool pairsWithAnyWord = false)
    {
        var a = new Analysis { Speaker = q.Speaker };
        if (pairWords is { Count: > 0 })
        {
            a.Pairs = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var hits = tokenizer.Hits;
        hits.Clear();
        var columns = PostingsTokenizer.Columns(q.Text, q.Speaker, TextFolding.SpeakerKey(q.Speaker), q.Title);
        for (var c = 0; c < columns.Length; c++)
        {
            if (c is 0 or 3)
            {
                tokenizer.Document(columns[c], scratch);
            }
            else
            {
                tokenizer.RepeatedDocument(columns[c], scratch);
            }

            a.Length += scratch.Count;
            for (var i = 0; i < scratch.Count; i++)
            {
                ref var o = ref CollectionsMarshal.GetValueRefOrAddDefault(a.Terms, scratch[i], out _);
                o ??= new Occurrences();

                o.Wtf += PostingsTokenizer.Weights[c];
                o.Count++;
                hits.Add((o, (c << ColumnShift) | i));
                if (a.Pairs is not null && i > 0 && IsPair(pairWords!, scratch[i - 1], scratch[i], pairsWithAnyWord))
                {
                    var key = tokenizer.PairTerm(scratch[i - 1], scratch[i]);
                    CollectionsMarshal.GetValueRefOrAddDefault(a.Pairs, key, out _) += PostingsTokenizer.Weights[c];
                }
            }
        }

        // Every token's positions into one array, grouped by token (in the order hits came, so increasing).
        var arena = hits.Count == 0 ? Array.Empty<int>() : new int[hits.Count];
        var start = 0;
        foreach (var o in a.Terms.Values)
        {
            o.Positions = new ArraySegment<int>(arena, start, 0);
            start += o.Count;
        }

        foreach (var (o, position) in hits)
        {
            var p = o.Positions;
            arena[p.Offset + p.Count] = position;
            o.Positions = new ArraySegment<int>(arena, p.Offset, p.Count + 1);
        }

        hits.Clear();
        return a;
    }

    /// <summary>Whether the two tokens, next to each other, have pair postings.</summary>
    public static bool IsPair(IReadOnlySet<string> pairWords, string first, string second, bool anyWord) =>
        anyWord ? pairWords.Contains(first) || pairWords.Contains(second)
        : pairWords is PairWordSet leveled ? leveled.IsPair(first, second) // (session 13: levels, PairWords.cs)
        : pairWords.Contains(first) && pairWords.Contains(second);

    /// <summary>Weighted hits of a phrase (every start position, overlapping ones too, weighted by its column), as FTS5 counts them.</summary>
    public int PhraseFrequency(IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 1)
        {
            return Terms.TryGetValue(tokens[0], out var only) ? only.Wtf : 0;
        }

        var lists = new ArraySegment<int>[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!Terms.TryGetValue(tokens[i], out var o))
            {
                return 0;
            }

            lists[i] = o.Positions;
        }

        var f = 0;
        foreach (var p in lists[0])
        {
            var all = true;
            for (var i = 1; i < lists.Length && all; i++)
            {
                all = lists[i].AsSpan().BinarySearch(p + i) >= 0;
            }

            if (all)
            {
                f += PostingsTokenizer.Weights[p >> ColumnShift];
            }
        }

        return f;
    }
}

/// <summary>The store's BM25 arithmetic (docs/benchmarks.md, "Exact BM25 on SQLite"), reused from the store itself.</summary>
internal static class Bm25
{
    public static double Idf(long docs, long df) => Bm25Formula.Idf(docs, df);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Norm(double length, double averageLength) => Bm25Formula.Norm(length, averageLength);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Term(double idf, double frequency, double norm) => Bm25Formula.Term(idf, frequency, norm);

    /// <summary>avgdl as the store computes it: total tokens over active quotes, at least 1.</summary>
    public static double AverageLength(long docs, long tokens) => docs > 0 ? Math.Max(1.0, (double)tokens / docs) : 1.0;

    /// <summary>The tf part of one term, f (k1 + 1) / (f + norm): a block's maximum of it bounds every score in the block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Part(double frequency, double norm) => Term(1.0, frequency, norm);
}

/// <summary>A query as the index runs it: positive clauses (a word or a phrase, each a list of FTS5 tokens) and a speaker filter.</summary>
internal sealed record PostingsQuery(IReadOnlyList<IReadOnlyList<string>> Clauses, string? Speaker)
{
    public static PostingsQuery From(QuoteQuery q, PostingsTokenizer tokenizer)
    {
        if (q.HasExclusions)
        {
            throw new NotSupportedException("The postings index does not run -exclusions yet.");
        }

        var clauses = new List<IReadOnlyList<string>>();
        foreach (var t in q.Terms)
        {
            var tokens = tokenizer.Query(t);
            if (tokens.Count > 0)
            {
                clauses.Add(tokens);
            }
        }

        foreach (var p in q.Phrases)
        {
            var tokens = p.SelectMany(tokenizer.Query).ToList();
            if (tokens.Count > 0)
            {
                clauses.Add(tokens);
            }
        }

        return new PostingsQuery(clauses, q.Speaker);
    }
}

/// <summary>One hit: quote id and score; results are best first, equal scores newest (highest id) first.</summary>
internal readonly record struct Hit(int Id, double Score)
{
    public static int Compare(Hit a, Hit b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Id.CompareTo(a.Id);
}

/// <summary>The best k hits seen so far, best first (score, then newest); any order of offers gives the same result.</summary>
internal sealed class TopK(int k)
{
    private readonly Hit[] _hits = new Hit[Math.Max(0, k)];

    public int Count { get; private set; }

    public bool Full
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Count == k;
    }

    /// <summary>The k-th score; a candidate whose bound is strictly below it cannot enter (equal scores can, by id).</summary>
    public double Threshold
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Full ? _hits[k - 1].Score : double.NegativeInfinity;
    }

    /// <summary>
    /// A filter on quote ids (scopes, exclusions), asked only about hits that would enter: a rejected hit is dropped,
    /// so the threshold comes from accepted hits only and every bound stays valid.
    /// </summary>
    public Func<int, bool>? Accept { get; init; }

    public void Offer(Hit h)
    {
        if (k <= 0 || (Full && Hit.Compare(h, _hits[k - 1]) >= 0) || (Accept is { } accept && !accept(h.Id)))
        {
            return;
        }

        var i = Full ? k - 1 : Count++;
        while (i > 0 && Hit.Compare(h, _hits[i - 1]) < 0)
        {
            _hits[i] = _hits[i - 1];
            i--;
        }

        _hits[i] = h;
    }

    public List<Hit> ToList() => _hits.Take(Count).ToList();
}
