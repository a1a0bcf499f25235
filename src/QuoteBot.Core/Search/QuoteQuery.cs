using QuoteBot.Core.Text;

namespace QuoteBot.Core.Search;

/// <summary>
/// A parsed search. Every word is already folded to lower-case letters and digits only, so a store can quote it
/// safely; nothing here is ever the user's raw text.
/// </summary>
public sealed record QuoteQuery
{
    public static readonly QuoteQuery Empty = new();

    /// <summary>Single words that must all match (AND).</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary>Phrases: words that must appear next to each other, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Phrases { get; init; } = [];

    /// <summary>Words that must not match.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>Phrases that must not match (<c>-"open mind"</c>): the words next to each other, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ExcludedPhrases { get; init; } = [];

    /// <summary>A speaker filter, as a folded speaker key ("zelensky", "jane doe").</summary>
    public string? Speaker { get; init; }

    /// <summary>One quote by id (<c>#42</c>).</summary>
    public long? Id { get; init; }

    /// <summary>True when nothing restricts the pool (a random pick).</summary>
    public bool IsEmpty => Terms.Count == 0 && Phrases.Count == 0 && Excluded.Count == 0 && ExcludedPhrases.Count == 0 && Speaker is null && Id is null;

    /// <summary>True when the query leaves anything out (<c>-word</c> or <c>-"a phrase"</c>).</summary>
    public bool HasExclusions => Excluded.Count > 0 || ExcludedPhrases.Count > 0;

    /// <summary>
    /// True when <paramref name="text"/> holds an excluded word or phrase, compared as folded words (for filters that
    /// run outside a store, such as random picks by speaker).
    /// </summary>
    public bool LeavesOut(string? text)
    {
        if (!HasExclusions)
        {
            return false;
        }

        var folded = " " + TextFolding.Fold(text) + " ";
        return Excluded.Any(e => folded.Contains(" " + e + " ", StringComparison.Ordinal))
               || ExcludedPhrases.Any(p => folded.Contains(" " + string.Join(' ', p) + " ", StringComparison.Ordinal));
    }

    /// <summary>True when the query has something positive for full-text search to match.</summary>
    public bool HasText => Terms.Count > 0 || Phrases.Count > 0;

    /// <summary>A canonical text form that parses back to the same query (used in buttons and paging).</summary>
    public string ToCanonicalString()
    {
        var parts = new List<string>();
        if (Id is { } id)
        {
            parts.Add("#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Speaker is not null)
        {
            parts.Add(Speaker.Contains(' ', StringComparison.Ordinal) ? $"speaker:\"{Speaker}\"" : $"speaker:{Speaker}");
        }

        parts.AddRange(Terms);
        parts.AddRange(Phrases.Select(p => "\"" + string.Join(' ', p) + "\""));
        parts.AddRange(Excluded.Select(e => "-" + e));
        parts.AddRange(ExcludedPhrases.Select(p => "-\"" + string.Join(' ', p) + "\""));
        return string.Join(' ', parts);
    }
}

/// <summary>The outcome of parsing: a query, or a one-line explanation of what is wrong with the input.</summary>
public sealed record QueryParseResult(QuoteQuery? Query, string? Error)
{
    public bool Ok => Query is not null;

    public static QueryParseResult Success(QuoteQuery q) => new(q, null);

    public static QueryParseResult Fail(string error) => new(null, error);
}
