using QuoteBot.Core.Model;
using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite;

namespace QuoteBot.Bench.Postings;

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

    /// <summary>With pair words: each two of them next to each other in one column, by pair term, with the weighted hits.</summary>
    public Dictionary<string, int>? Pairs { get; private set; }

    /// <summary>The term under which a segment keeps the postings of a two-token phrase of pair words.</summary>
    public static string PairTerm(string first, string second) => "\u0002" + first + " " + second;

    /// <summary>A token's weighted frequency and its positions in increasing order.</summary>
    public sealed class Occurrences
    {
        public int Wtf { get; set; }

        public List<int> Positions { get; } = [];
    }

    public static Analysis Of(Tokenizer tokenizer, NewQuote q, List<string> scratch, IReadOnlySet<string>? pairWords = null, bool pairsWithAnyWord = false)
    {
        var a = new Analysis();
        if (pairWords is { Count: > 0 })
        {
            a.Pairs = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var columns = Tokenizer.Columns(q.Text, q.Speaker, TextFolding.SpeakerKey(q.Speaker), q.Source.Title);
        for (var c = 0; c < columns.Length; c++)
        {
            tokenizer.Document(columns[c], scratch);
            a.Length += scratch.Count;
            for (var i = 0; i < scratch.Count; i++)
            {
                if (!a.Terms.TryGetValue(scratch[i], out var o))
                {
                    a.Terms[scratch[i]] = o = new Occurrences();
                }

                o.Wtf += Tokenizer.Weights[c];
                o.Positions.Add((c << ColumnShift) | i);
                if (a.Pairs is not null && i > 0 && IsPair(pairWords!, scratch[i - 1], scratch[i], pairsWithAnyWord))
                {
                    var key = PairTerm(scratch[i - 1], scratch[i]);
                    a.Pairs[key] = a.Pairs.GetValueOrDefault(key) + Tokenizer.Weights[c];
                }
            }
        }

        return a;
    }

    /// <summary>Whether the two tokens, next to each other, have pair postings.</summary>
    public static bool IsPair(IReadOnlySet<string> pairWords, string first, string second, bool anyWord) =>
        anyWord ? pairWords.Contains(first) || pairWords.Contains(second) : pairWords.Contains(first) && pairWords.Contains(second);

    /// <summary>Weighted hits of a phrase (every start position, overlapping ones too, weighted by its column), as FTS5 counts them.</summary>
    public int PhraseFrequency(IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 1)
        {
            return Terms.TryGetValue(tokens[0], out var only) ? only.Wtf : 0;
        }

        var lists = new List<int>[tokens.Count];
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
                all = lists[i].BinarySearch(p + i) >= 0;
            }

            if (all)
            {
                f += Tokenizer.Weights[p >> ColumnShift];
            }
        }

        return f;
    }
}

/// <summary>The store's BM25 arithmetic (docs/benchmarks.md, "Exact BM25 on SQLite"), reused from the store itself.</summary>
internal static class Bm25
{
    public static double Idf(long docs, long df) => SqliteQuoteStore.Idf(docs, df);

    public static double Norm(double length, double averageLength) => Fts5Rank.Norm(length, averageLength);

    public static double Term(double idf, double frequency, double norm) => Fts5Rank.Term(idf, frequency, norm);

    /// <summary>avgdl as the store computes it: total tokens over active quotes, at least 1.</summary>
    public static double AverageLength(long docs, long tokens) => docs > 0 ? Math.Max(1.0, (double)tokens / docs) : 1.0;

    /// <summary>The tf part of one term, f (k1 + 1) / (f + norm): a block's maximum of it bounds every score in the block.</summary>
    public static double Part(double frequency, double norm) => Term(1.0, frequency, norm);
}

/// <summary>A query as the prototype runs it: positive clauses (a word or a phrase, each a list of FTS5 tokens) and a speaker filter.</summary>
internal sealed record Plan(IReadOnlyList<IReadOnlyList<string>> Clauses, string? Speaker)
{
    public static Plan From(QuoteBot.Core.Search.QuoteQuery q, Tokenizer tokenizer)
    {
        if (q.HasExclusions)
        {
            throw new NotSupportedException("The prototype does not run -exclusions (the bench's queries have none).");
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

        return new Plan(clauses, q.Speaker);
    }
}

/// <summary>One hit: quote id and score; results are best first, equal scores newest (highest id) first.</summary>
internal readonly record struct Hit(int Id, double Score)
{
    public static int Compare(Hit a, Hit b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Id.CompareTo(a.Id);
}
