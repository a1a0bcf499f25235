using System.Globalization;
using System.Text;

namespace QuoteBot.Core.Text;

/// <summary>Case, accent and spelling folding shared by dedupe keys, speaker keys and the query parser.</summary>
public static class TextFolding
{
    /// <summary>Lower-cases and strips diacritics; keeps letters, digits and single spaces.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // A lone surrogate (half an emoji cut by a length limit) would make Normalize throw: drop it first.
        var decomposed = RemoveLoneSurrogates(text).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is '\'' or '\u2019')
            {
                // "o'brien" folds to "obrien", "don't" to "dont".
            }
            else
            {
                pendingSpace = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Whether <see cref="Fold"/> keeps anything of <paramref name="text"/> (a letter or digit). An ASCII letter or
    /// digit is never decomposed or dropped by the fold, so a text holding one is answered without folding it.
    /// </summary>
    public static bool HasFoldedContent(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                return true;
            }
        }

        return Fold(text).Length > 0;
    }

    private static string RemoveLoneSurrogates(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                clean = false;
            }
        }

        if (clean)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (!char.IsSurrogate(text[i]))
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Folds one name token so transliteration variants meet: "Zelenskyy", "Zelensky" and "Zelenskiy" all give "zelensky".
    /// </summary>
    public static string FoldNameToken(string token)
    {
        var folded = Fold(token).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (folded.Length == 0)
        {
            return folded;
        }

        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            // Collapse doubled letters (yy, ss, ll): transliterations disagree on them.
            if (sb.Length > 0 && sb[^1] == ch && char.IsLetter(ch))
            {
                continue;
            }

            sb.Append(ch);
        }

        var s = sb.ToString();
        if (s.Length > 3 && (s.EndsWith("iy", StringComparison.Ordinal) || s.EndsWith("yi", StringComparison.Ordinal) || s.EndsWith("ij", StringComparison.Ordinal)))
        {
            s = s[..^2] + "y";
        }
        else if (s.Length > 3 && s.EndsWith("ii", StringComparison.Ordinal))
        {
            s = s[..^2] + "y";
        }

        return s;
    }

    private static readonly HashSet<string> Honorifics = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "president", "sen", "senator", "rep", "gov", "governor",
        "prof", "professor", "minister", "prime", "gen", "general", "secretary", "jr", "sr",
    };

    /// <summary>The normalized key of a speaker: folded name tokens without titles, joined by spaces ("" when unknown).</summary>
    public static string SpeakerKey(string? speaker)
    {
        if (string.IsNullOrWhiteSpace(speaker))
        {
            return string.Empty;
        }

        var tokens = Fold(speaker).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => !Honorifics.Contains(t))
            .Select(FoldNameToken)
            .Where(t => t.Length > 0);
        return string.Join(' ', tokens);
    }

    /// <summary>True when every token of <paramref name="query"/> names a token of the speaker key ("zelenskyy" matches "volodymyr zelensky").</summary>
    public static bool SpeakerMatches(string speakerKey, string query)
    {
        var wanted = SpeakerKey(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (wanted.Length == 0)
        {
            return false;
        }

        var have = speakerKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return wanted.All(w => have.Contains(w, StringComparer.Ordinal));
    }

    /// <summary>
    /// What a speaker can be found by, for the stores' speaker indexes: each folded name word, its transliteration
    /// fold, the key's words, the whole folded name and the key (distinct, never empty).
    /// </summary>
    public static IReadOnlyCollection<string> SpeakerSearchTokens(string speaker, string speakerKey)
    {
        var folded = Fold(speaker);
        var set = new HashSet<string>(StringComparer.Ordinal) { folded, speakerKey };
        foreach (var w in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            set.Add(w);
            set.Add(FoldNameToken(w));
        }

        foreach (var w in speakerKey.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            set.Add(w);
        }

        set.Remove(string.Empty);
        return set;
    }

    /// <summary>One quote is stored once per scope: folded text plus speaker key.</summary>
    public static string DedupeKey(string text, string? speaker) => $"{Fold(text)}|{SpeakerKey(speaker)}";
}
