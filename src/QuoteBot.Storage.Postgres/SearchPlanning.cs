using System.Diagnostics;
using System.Globalization;
using Npgsql;
using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres;

/// <summary>How a text search finds its matches; see docs/scale-out.md.</summary>
public enum SearchPlan
{
    /// <summary>Chosen per query from PostgreSQL's own statistics of the search vectors and word pairs.</summary>
    Auto,

    /// <summary>One query; the planner decides (what Auto does before the table was ever analyzed).</summary>
    Planner,

    /// <summary>Walk the newest rows backwards, falling back to Index when the window holds too few matches; with
    /// speaker:, walk each speaker's quotes newest first.</summary>
    Walk,

    /// <summary>Ask the GIN indexes (words, and word pairs for phrases); speaker: is a filter on what they give.</summary>
    Index,
}

/// <summary>
/// The words of a query as the index holds them: stemmed lexemes of the single words, and the adjacent lexeme pairs of
/// each phrase ("left right", as quotebot_pairs() indexes them).
/// </summary>
internal sealed class SearchTerms
{
    /// <summary>Lexemes of the single words (for estimates).</summary>
    public required IReadOnlyList<string> SingleLexemes { get; init; }

    /// <summary>Each phrase's lexemes, in order (for estimates).</summary>
    public required IReadOnlyList<IReadOnlyList<string>> PhraseLexemes { get; init; }

    /// <summary>Each phrase's pair keys, in order (for estimates).</summary>
    public required IReadOnlyList<int[]> PhrasePairs { get; init; }

    /// <summary>Every pair key of every phrase.</summary>
    public required IReadOnlyList<int> Pairs { get; init; }

    /// <summary>The tsquery the word index is asked for besides the pairs: the single words, or (when no phrase gave a
    /// pair) the whole positive query; null when the pairs alone are the probe.</summary>
    public required string? Probe { get; init; }

    /// <summary>
    /// Splits the query and stems its words with the store's text search configuration, one round trip for the words
    /// not yet in <paramref name="lexicon"/> (stemming never changes for a configuration, so the cache never goes stale).
    /// </summary>
    public static async Task<SearchTerms> ResolveAsync(NpgsqlConnection conn, QuoteQuery query, Lexicon lexicon, CancellationToken ct)
    {
        var (singles, phrases) = Split(query);
        var known = await lexicon.LookUpAsync(conn, null, singles.Concat(phrases.SelectMany(p => p)), ct);
        string[] Lexemes(string w) => known.TryGetValue(w, out var l) ? l : [];
        var phrasePairs = phrases.Select(p => PairKeysInOrder(p.SelectMany(Lexemes).ToArray())).ToArray();
        var pairs = phrasePairs.SelectMany(p => p).Distinct().ToArray();

        // The single words; or, when no phrase gave a pair, the whole positive query.
        var probe = singles.Count > 0 ? Conjunction(singles, []) : pairs.Length == 0 ? Conjunction([], phrases) : null;
        return new SearchTerms
        {
            SingleLexemes = singles.SelectMany(Lexemes).ToArray(),
            PhraseLexemes = phrases.Select(p => (IReadOnlyList<string>)p.SelectMany(Lexemes).ToArray()).ToArray(),
            PhrasePairs = phrasePairs,
            Pairs = pairs,
            Probe = probe,
        };
    }

    /// <summary>
    /// The query's positive words as the index sees them: single words (one-word phrases included) and phrases of two
    /// or more words, each word as <see cref="PostgresQuoteStore.Operand"/> keeps it (letters and digits only), unquoted.
    /// </summary>
    public static (List<string> Singles, List<string[]> Phrases) Split(QuoteQuery query)
    {
        var singles = new List<string>();
        var phrases = new List<string[]>();
        foreach (var term in query.Terms)
        {
            if (Clean(term) is { } w)
            {
                singles.Add(w);
            }
        }

        foreach (var phrase in query.Phrases)
        {
            var words = phrase.Select(Clean).OfType<string>().ToArray();
            if (words.Length == 1)
            {
                singles.Add(words[0]);
            }
            else if (words.Length > 1)
            {
                phrases.Add(words);
            }
        }

        return (singles, phrases);
    }

    /// <summary>'a' &amp; 'b' for words, ('a' &lt;-&gt; 'b') for a phrase; the words are letters and digits only.</summary>
    public static string Conjunction(IEnumerable<string> singles, IEnumerable<string[]> phrases) =>
        string.Join(" & ", singles.Select(Quote).Concat(phrases.Select(p => "(" + string.Join(" <-> ", p.Select(Quote)) + ")")));

    private static int[] PairKeysInOrder(string[] lexemes)
    {
        var keys = new int[Math.Max(0, lexemes.Length - 1)];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Lexicon.PairKey(lexemes[i], lexemes[i + 1]);
        }

        return keys;
    }

    private static string Quote(string word) => "'" + word + "'";

    /// <summary>The word as PostgresQuoteStore.Operand keeps it, without the quotes; null when nothing is left.</summary>
    private static string? Clean(string word) => PostgresQuoteStore.Operand(word) is { } o ? o[1..^1] : null;
}

/// <summary>
/// What PostgreSQL's ANALYZE knows about the search vectors (the share of quotes holding each common lexeme) and about
/// word pairs (from the statistics of the pairs column), read at most every few minutes.
/// </summary>
internal sealed class SearchStatistics
{
    public required double Rows { get; init; }
    public required long MaxId { get; init; }
    public required IReadOnlyDictionary<string, double> Words { get; init; }
    public required double WordFloor { get; init; }
    public IReadOnlyDictionary<string, double>? Pairs { get; init; }
    public double PairFloor { get; init; }

    /// <summary>Expected matches of the positive part, assuming words independent (pairs make phrases exact).</summary>
    public double EstimateMatches(SearchTerms terms)
    {
        var share = 1.0;
        foreach (var lexeme in terms.SingleLexemes)
        {
            share *= Word(lexeme);
        }

        for (var p = 0; p < terms.PhraseLexemes.Count; p++)
        {
            var phrase = terms.PhraseLexemes[p];
            var keys = terms.PhrasePairs[p];
            var phraseShare = 1.0;
            for (var i = 0; i + 1 < phrase.Count; i++)
            {
                var pair = Pairs is null
                    ? Word(phrase[i]) * Word(phrase[i + 1]) // no pair statistics yet: the words' AND is an upper bound
                    : Pairs.TryGetValue(keys[i].ToString(CultureInfo.InvariantCulture), out var f) ? f : PairFloor;
                phraseShare = Math.Min(phraseShare, pair);
            }

            share *= phraseShare;
        }

        return share * Rows;
    }

    private double Word(string lexeme) => Words.TryGetValue(lexeme, out var f) ? f : WordFloor;

    /// <summary>Reads the statistics; null when the table was never analyzed (the planner decides then).</summary>
    public static async Task<SearchStatistics?> LoadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        const string Sql = """
            SELECT c.reltuples::float8, (SELECT coalesce(max(id), 0) FROM quotes),
                   w.most_common_elems::text::text[], w.most_common_elem_freqs,
                   p.most_common_elems::text::text[], p.most_common_elem_freqs
            FROM pg_class c
            LEFT JOIN pg_stats w ON w.schemaname = current_schema() AND w.tablename = 'quotes' AND w.attname = 'search'
            LEFT JOIN pg_stats p ON p.schemaname = current_schema() AND p.tablename = 'quotes' AND p.attname = 'pairs'
            WHERE c.oid = 'quotes'::regclass
            """;
        await using var cmd = new NpgsqlCommand(Sql, conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct) || r.GetDouble(0) <= 0 || r.IsDBNull(2) || r.IsDBNull(3))
        {
            return null;
        }

        var words = Map(r.GetFieldValue<string[]>(2), r.GetFieldValue<float[]>(3), out var wordFloor);
        Dictionary<string, double>? pairs = null;
        var pairFloor = 0.0;
        if (!r.IsDBNull(4) && !r.IsDBNull(5))
        {
            pairs = Map(r.GetFieldValue<string[]>(4), r.GetFieldValue<float[]>(5), out pairFloor);
        }

        return new SearchStatistics
        {
            Rows = r.GetDouble(0),
            MaxId = r.GetInt64(1),
            Words = words,
            WordFloor = wordFloor,
            Pairs = pairs,
            PairFloor = pairFloor,
        };
    }

    private static Dictionary<string, double> Map(string[] elements, float[] frequencies, out double floor)
    {
        // The frequencies list one share per element, then the lowest and highest (and for arrays a null share):
        // anything not listed is rarer than the lowest, so half of it stands for "not listed".
        var map = new Dictionary<string, double>(elements.Length, StringComparer.Ordinal);
        var lowest = 1.0;
        for (var i = 0; i < elements.Length && i < frequencies.Length; i++)
        {
            map[elements[i]] = frequencies[i];
            lowest = Math.Min(lowest, frequencies[i]);
        }

        floor = lowest / 2;
        return map;
    }
}

/// <summary>The statistics, reloaded when older than <see cref="MaxAge"/>.</summary>
internal sealed class SearchStatisticsCache
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private volatile Entry? _entry;

    public async Task<SearchStatistics?> GetAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var entry = _entry;
        if (entry is not null && Stopwatch.GetElapsedTime(entry.LoadedAt) < MaxAge)
        {
            return entry.Statistics;
        }

        var stats = await SearchStatistics.LoadAsync(conn, ct);
        _entry = new Entry(stats, Stopwatch.GetTimestamp());
        return stats;
    }

    /// <summary>Forget what was read (after a bulk change, or in tests after ANALYZE).</summary>
    public void Invalidate() => _entry = null;

    private sealed record Entry(SearchStatistics? Statistics, long LoadedAt);
}
