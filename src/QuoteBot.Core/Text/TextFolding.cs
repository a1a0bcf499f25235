using System.Buffers;
using System.Collections.Concurrent;
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

        return FoldThenAppend(text, null);
    }

    /// <summary>
    /// <see cref="Fold"/> of <paramref name="text"/> (not empty), followed by '|' and <paramref name="suffix"/> when one
    /// is given, made as one string: the text is folded into a stack or pooled buffer, not through a string builder.
    /// </summary>
    private static string FoldThenAppend(string text, string? suffix)
    {
        // A lone surrogate (half an emoji cut by a length limit) would make Normalize throw: drop it first.
        var decomposed = RemoveLoneSurrogates(text).Normalize(NormalizationForm.FormD);
        var need = decomposed.Length + (suffix is null ? 0 : suffix.Length + 1); // the fold never makes more chars than it reads
        char[]? rented = null;
        var buffer = need <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(need));
        try
        {
            var n = FoldInto(decomposed, buffer);
            if (suffix is not null)
            {
                buffer[n++] = '|';
                suffix.CopyTo(buffer[n..]);
                n += suffix.Length;
            }

            return new string(buffer[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Folds a decomposed (form D) text into <paramref name="into"/>; returns how many chars it wrote (at most the text's length).</summary>
    private static int FoldInto(ReadOnlySpan<char> decomposed, Span<char> into)
    {
        var n = 0;
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            if (char.IsAscii(ch))
            {
                // The same decisions as below, for the characters most text is made of: an ASCII character is never a
                // non-spacing mark, is a letter or digit exactly when it is an ASCII one, and lower-cases within ASCII.
                if (char.IsAsciiLetterOrDigit(ch))
                {
                    if (pendingSpace && n > 0)
                    {
                        into[n++] = ' ';
                    }

                    pendingSpace = false;
                    into[n++] = char.IsAsciiLetterUpper(ch) ? (char)(ch | 0x20) : ch;
                }
                else if (ch != '\'')
                {
                    pendingSpace = true;
                }

                continue;
            }

            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && n > 0)
                {
                    into[n++] = ' ';
                }

                pendingSpace = false;
                into[n++] = char.ToLowerInvariant(ch);
            }
            else if (ch is '\u2019')
            {
                // "o'brien" folds to "obrien", "don't" to "dont" (the ASCII apostrophe is handled above).
            }
            else
            {
                pendingSpace = true;
            }
        }

        return n;
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

    /// <summary>
    /// Speaker keys already made, by speaker name (at most <see cref="SpeakerKeyMemoLimit"/>): every quote's key needs
    /// its speaker's, a bulk load asks for the same few thousand names a million times, and each costs a dozen strings.
    /// </summary>
    private static readonly ConcurrentDictionary<string, string> SpeakerKeys = new(StringComparer.Ordinal);

    private static int _speakerKeysAdded;

    /// <summary>At most this many speaker keys are remembered.</summary>
    public const int SpeakerKeyMemoLimit = 16_384;

    /// <summary>The normalized key of a speaker: folded name tokens without titles, joined by spaces ("" when unknown).</summary>
    public static string SpeakerKey(string? speaker)
    {
        if (string.IsNullOrWhiteSpace(speaker))
        {
            return string.Empty;
        }

        if (SpeakerKeys.TryGetValue(speaker, out var known))
        {
            return known;
        }

        var key = MakeSpeakerKey(speaker);
        if (Volatile.Read(ref _speakerKeysAdded) < SpeakerKeyMemoLimit && SpeakerKeys.TryAdd(speaker, key))
        {
            Interlocked.Increment(ref _speakerKeysAdded);
        }

        return key;
    }

    private static string MakeSpeakerKey(string speaker)
    {
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
    public static string DedupeKey(string text, string? speaker) => DedupeKeyOf(text, SpeakerKey(speaker));

    /// <summary><see cref="DedupeKey"/> from the speaker's key (<see cref="SpeakerKey"/>) when the caller has it already.</summary>
    public static string DedupeKeyOf(string text, string speakerKey) =>
        string.IsNullOrEmpty(text) ? "|" + speakerKey : FoldThenAppend(text, speakerKey);
}
