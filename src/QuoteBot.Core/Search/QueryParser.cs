using System.Globalization;
using System.Text;
using QuoteBot.Core.Text;

namespace QuoteBot.Core.Search;

/// <summary>
/// The one query language of every adapter and the CLI: plain words, "exact phrase", speaker:name or speaker:"two words",
/// -word to exclude, and #id. Never throws: odd input degrades to words or to a one-line usage error.
/// </summary>
public static class QueryParser
{
    /// <summary>Input beyond this many characters is ignored.</summary>
    public const int MaxInputLength = 512;

    /// <summary>At most this many words and phrases are kept.</summary>
    public const int MaxClauses = 16;

    public const string Usage = "Try words, \"an exact phrase\", speaker:name, -word to leave out, or #id.";

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

            if (negate)
            {
                excluded.AddRange(words);
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

            if (terms.Count + phrases.Count + excluded.Count >= MaxClauses)
            {
                break;
            }
        }

        var query = new QuoteQuery
        {
            Terms = terms.Distinct(StringComparer.Ordinal).ToArray(),
            Phrases = phrases,
            Excluded = excluded.Distinct(StringComparer.Ordinal).ToArray(),
            Speaker = speaker,
            Id = id,
        };
        return QueryParseResult.Success(query);
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
