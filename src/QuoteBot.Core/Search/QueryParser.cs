using System.Globalization;
using System.Text;
using QuoteBot.Core.Text;

namespace QuoteBot.Core.Search;

/// <summary>
/// The one query language of every adapter and the CLI: plain words, "exact phrase", speaker:name or speaker:"two words",
/// -word or -"a phrase" to leave out, and #id. Never throws: odd input degrades to words or to a one-line usage error.
/// Rules every caller and every store share: words and phrases combine with AND; at most one speaker (a second,
/// different one is refused, not dropped); -words only narrow a search, so a query of nothing but -words is refused;
/// only letters and digits are searched, so input with none of them (emoji, punctuation) is refused, never treated
/// as "no query".
/// </summary>
public static class QueryParser
{
    /// <summary>Input beyond this many characters is ignored.</summary>
    public const int MaxInputLength = 512;

    /// <summary>At most this many words and phrases are kept.</summary>
    public const int MaxClauses = 16;

    public const string Usage = "Try words (all must match), \"an exact phrase\", speaker:name (one per search), -word or -\"a phrase\" to leave out of a search, or #id.";

    /// <summary>The answer to a query of nothing but -words or -"phrases".</summary>
    public const string OnlyExclusions = "-word only leaves quotes out: add a word or speaker:name to look for, like war -peace.";

    /// <summary>The answer to a second, different speaker: in one query.</summary>
    public const string OneSpeaker = "Only one speaker: per search, like speaker:varga; search each speaker on its own.";

    public static QueryParseResult Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return QueryParseResult.Success(QuoteQuery.Empty);
        }

        var text = input.Length > MaxInputLength ? input[..MaxInputLength] : input;
        var terms = new List<string>();
        var phrases = new List<IReadOnlyList<string>>();
        var excluded = new List<string>();
        var excludedPhrases = new List<IReadOnlyList<string>>();
        string? speaker = null;
        long? id = null;

        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]) || char.IsControl(text[i]))
            {
                i++;
                continue;
            }

            var negate = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                negate = true;
                i++;
            }

            string raw;
            var quoted = false;
            if (IsOpenQuote(text[i]))
            {
                raw = ReadQuoted(text, ref i);
                quoted = true;
            }
            else
            {
                raw = ReadWord(text, ref i);
            }

            if (!quoted && !negate && raw.StartsWith("speaker:", StringComparison.OrdinalIgnoreCase))
            {
                var value = raw["speaker:".Length..];
                if (value.Length == 0 && i < text.Length && IsOpenQuote(text[i]))
                {
                    value = ReadQuoted(text, ref i);
                }

                var key = TextFolding.SpeakerKey(value);
                if (key.Length == 0)
                {
                    return QueryParseResult.Fail("speaker: needs a name, like speaker:zelenskyy or speaker:\"jane doe\".");
                }

                if (speaker is not null && speaker != key)
                {
                    return QueryParseResult.Fail(OneSpeaker);
                }

                speaker = key;
                continue;
            }

            if (!quoted && !negate && raw.StartsWith('#'))
            {
                var digits = raw[1..];
                if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
                {
                    return QueryParseResult.Fail("# needs a quote number, like #42.");
                }

                // An id too large for a long simply names no quote.
                id = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
                continue;
            }

            var words = TextFolding.Fold(raw).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w.Length > 64 ? w[..64] : w)
                .ToArray();
            if (words.Length == 0)
            {
                continue;
            }

            if (negate && words.Length == 1)
            {
                excluded.Add(words[0]);
            }
            else if (negate)
            {
                // -"open mind" and -e-mail leave out the phrase, not each of its words.
                excludedPhrases.Add(words);
            }
            else if (words.Length == 1 && !quoted)
            {
                terms.Add(words[0]);
            }
            else
            {
                // "exact phrase", and words such as e-mail or 12:30 that fold into several tokens.
                phrases.Add(words);
            }

            if (terms.Count + phrases.Count + excluded.Count + excludedPhrases.Count >= MaxClauses)
            {
                break;
            }
        }

        var query = new QuoteQuery
        {
            Terms = terms.Distinct(StringComparer.Ordinal).ToArray(),
            Phrases = phrases,
            Excluded = excluded.Distinct(StringComparer.Ordinal).ToArray(),
            ExcludedPhrases = excludedPhrases,
            Speaker = speaker,
            Id = id,
        };

        if (query.IsEmpty && Echo(text).Length == 0)
        {
            return QueryParseResult.Success(QuoteQuery.Empty); // only control characters: nothing was typed
        }

        if (query.IsEmpty)
        {
            // Something was typed, but nothing of it can be searched: "😀", "?!", "-".
            return QueryParseResult.Fail($"Search finds words and numbers; “{Shorten(Echo(text), 20)}” has none. Try a word, speaker:name or #id.");
        }

        if (!query.HasText && query.Speaker is null && query.Id is null)
        {
            return QueryParseResult.Fail(OnlyExclusions);
        }

        return QueryParseResult.Success(query);
    }

    /// <summary>
    /// The query as the user typed it, for showing back and for buttons that repeat it: control characters and runs
    /// of white space become one space, cut at <see cref="MaxInputLength"/>. It parses to the same query as the input.
    /// </summary>
    public static string Echo(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return string.Empty;
        }

        var text = input.Length > MaxInputLength ? input[..MaxInputLength] : input;
        return Spaces.Collapse(text, controlsToo: true);
    }

    private static string Shorten(string s, int max)
    {
        if (s.Length <= max)
        {
            return s;
        }

        var cut = char.IsHighSurrogate(s[max - 1]) ? max - 1 : max;
        return s[..cut] + "…";
    }

    private static bool IsOpenQuote(char c) => c is '"' or '\u201C' or '\u201E' or '\u00AB';

    private static bool IsCloseQuote(char c) => c is '"' or '\u201D' or '\u201C' or '\u00BB';

    private static string ReadQuoted(string text, ref int i)
    {
        i++; // opening mark
        var sb = new StringBuilder();
        while (i < text.Length && !IsCloseQuote(text[i]))
        {
            sb.Append(text[i]);
            i++;
        }

        if (i < text.Length)
        {
            i++; // closing mark; an unclosed quote runs to the end
        }

        return sb.ToString();
    }

    private static string ReadWord(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && !char.IsControl(text[i]))
        {
            // speaker:"two words" keeps its quoted value separate.
            if (IsOpenQuote(text[i]) && i > start && text[i - 1] == ':')
            {
                break;
            }

            i++;
        }

        return text[start..i];
    }
}
