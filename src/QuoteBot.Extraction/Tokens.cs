using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QuoteBot.Extraction;

internal enum TokKind : byte
{
    Word,
    Punct,
    Quote,
}

internal struct Token
{
    public int Start;
    public int End;
    public int Sentence;

    // A quote token's quote number or any other token's word number: a token has only one of the two, so they share
    // one field (tokens are 20 bytes instead of 24; they are the extractor's largest allocation).
    private int _id;

    /// <summary>The number of the token's quote in the article's quote list (0 for a token that is not a quote).</summary>
    public int QuoteIndex { readonly get => Kind == TokKind.Quote ? _id : 0; set => _id = value; }

    /// <summary>The word's number in the thread's <see cref="WordTable"/> (0 for a quote token).</summary>
    public int WordId { readonly get => Kind == TokKind.Quote ? 0 : _id; set => _id = value; }

    public char P;
    public TokKind Kind;

    // The yes/no facts about the token, one bit each (one byte instead of seven bool fields).
    private byte _flags;

    public bool Cap { readonly get => Get(1); set => Set(1, value); }

    public bool AllCaps { readonly get => Get(2); set => Set(2, value); }

    public bool Possessive { readonly get => Get(4); set => Set(4, value); }

    public bool Abbrev { readonly get => Get(8); set => Set(8, value); }

    public bool Cue { readonly get => Get(16); set => Set(16, value); }

    public bool NameOk { readonly get => Get(32); set => Set(32, value); }

    /// <summary>A common word ("May", "Park") read as a surname because it stands in name position.</summary>
    public bool Surname { readonly get => Get(64); set => Set(64, value); }

    private readonly bool Get(byte bit) => (_flags & bit) != 0;

    private void Set(byte bit, bool value) => _flags = value ? (byte)(_flags | bit) : (byte)(_flags & ~bit);
}

/// <summary>A quoted span in one paragraph: the marks and the text between them.</summary>
internal sealed class QuoteSpan
{
    public int Open;
    public int Close = -1;
    public int TextStart;
    public int TextEnd;
    public bool ContinuesPrev;
    public bool ContinuesNext;
    public int Paragraph;
    public int TokenIndex;
    public int Words;

    /// <summary>Opened by a single mark (‘ or ') in an article that quotes with single marks.</summary>
    public bool Single;
}

/// <summary>Which single marks an article uses as quotation marks (see <see cref="SingleQuotes.Detect"/>).</summary>
[Flags]
internal enum SingleMarks : byte
{
    None = 0,

    /// <summary>‘…’ are quotation marks.</summary>
    Curly = 1,

    /// <summary>Straight '…' are quotation marks.</summary>
    Straight = 2,
}

/// <summary>Finds quote marks and splits paragraphs into tokens; the text is never copied.</summary>
internal static class Tokenizer
{
    private static readonly System.Buffers.SearchValues<char> Marks = System.Buffers.SearchValues.Create("\"\u201C\u201D\u201E\u201F\u00AB\u00BB");

    public static bool IsOpenMark(char c) => c is '"' or '\u201C' or '\u201E' or '\u201F' or '\u00AB' or '\u201D' or '\u00BB';

    /// <summary>Finds the quoted spans of a paragraph. <paramref name="continuesPrev"/> says the previous paragraph left a quote open.</summary>
    public static void FindQuotes(string text, int ps, int pe, int paragraph, bool continuesPrev, List<QuoteSpan> output, out bool endsInside)
        => FindQuotes(text, ps, pe, paragraph, continuesPrev, output, out endsInside, SingleMarks.None, false);

    /// <summary>
    /// Finds the quoted spans of a paragraph; with <paramref name="singles"/> set, single marks open quotes too (see
    /// <see cref="SingleQuotes"/>). <paramref name="nextOpensSingle"/>: the next paragraph starts with a single mark,
    /// so a single quote left open here may run on.
    /// </summary>
    public static void FindQuotes(string text, int ps, int pe, int paragraph, bool continuesPrev, List<QuoteSpan> output, out bool endsInside, SingleMarks singles, bool nextOpensSingle)
    {
        if (singles != SingleMarks.None)
        {
            SingleQuotes.Find(text, ps, pe, paragraph, continuesPrev, output, out endsInside, singles, nextOpensSingle);
            return;
        }

        endsInside = false;
        var inside = false;
        var opener = '\0';
        var depth = 0;
        QuoteSpan? cur = null;
        var startCount = output.Count;
        for (var i = ps; i < pe; i++)
        {
            var skip = text.AsSpan(i, pe - i).IndexOfAny(Marks);
            if (skip < 0)
            {
                break;
            }

            i += skip;
            var c = text[i];

            var prev = i > ps ? text[i - 1] : ' ';
            var next = i + 1 < pe ? text[i + 1] : ' ';
            var prevSpace = CharKinds.IsWhiteSpace(prev) || prev is '(' or '[' or '\u2014' or '\u2013' or '-' or '/' or ':' or '\'' or '\u2018';
            var nextSpace = CharKinds.IsWhiteSpace(next) || (i + 1 >= pe);
            if (!inside)
            {
                bool open = c switch
                {
                    '"' => !nextSpace || prevSpace,
                    '\u201C' or '\u201E' or '\u201F' or '\u00AB' => true,
                    '\u201D' => prevSpace && !nextSpace,
                    '\u00BB' => prevSpace && !nextSpace && CharKinds.IsLetterOrDigit(next),
                    _ => false,
                };
                if (!open)
                {
                    continue;
                }

                inside = true;
                opener = c;
                depth = 0;
                cur = new QuoteSpan { Open = i, Paragraph = paragraph, ContinuesPrev = continuesPrev && output.Count == startCount && IsFirstNonSpace(text, ps, i) };
            }
            else
            {
                var closes = opener switch
                {
                    '\u00AB' => c == '\u00BB',
                    '\u00BB' => c == '\u00AB',
                    _ => c is '"' or '\u201D' or '\u201C',
                };
                if (!closes)
                {
                    continue;
                }

                // A mark with space before and a letter after, inside a quote, opens a nested (mis-marked) quote.
                var nestedOpen = prevSpace && !nextSpace && CharKinds.IsLetterOrDigit(next) && c != '\u201D';
                if (nestedOpen)
                {
                    depth++;
                    continue;
                }

                if (depth > 0)
                {
                    depth--;
                    continue;
                }

                cur!.Close = i;
                Finish(text, cur, output);
                cur = null;
                inside = false;
            }
        }

        if (inside && cur is not null)
        {
            cur.Close = -1;
            endsInside = true;
            Finish(text, cur, output, pe);
        }
    }

    private static bool IsFirstNonSpace(string text, int ps, int i)
    {
        for (var k = ps; k < i; k++)
        {
            if (!CharKinds.IsWhiteSpace(text[k]))
            {
                return false;
            }
        }

        return true;
    }

    internal static void Finish(string text, QuoteSpan q, List<QuoteSpan> output, int end = -1)
    {
        var s = q.Open + 1;
        var e = end >= 0 ? end : q.Close;
        while (s < e && CharKinds.IsWhiteSpace(text[s]))
        {
            s++;
        }

        while (e > s && CharKinds.IsWhiteSpace(text[e - 1]))
        {
            e--;
        }

        if (e <= s)
        {
            return;
        }

        q.TextStart = s;
        q.TextEnd = e;
        q.Words = CountWords(text, s, e);
        output.Add(q);
    }

    // What the word loops need to know of a character, one byte per character below KindTableEnd (ASCII, Latin-1, the
    // Latin extensions and the general punctuation block with the curly quotes and dashes news text is full of):
    // LetterOrDigit, NotSpace (anything but white space), WordPart (a letter or digit, or the soft hyphen, which
    // continues a word). Characters above the table are asked of CharKinds (CharClass). One table read replaces two or
    // three range tests per character, and CountWords needs no branch per character.
    private const int LetterOrDigit = 1;
    private const int NotSpace = 2;
    private const int WordPart = 4;
    internal const int KindTableEnd = 0x2080;
    private static readonly byte[] Kinds = MakeKinds();

    private static byte[] MakeKinds()
    {
        var kinds = new byte[KindTableEnd];
        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = (byte)CharClass((char)c);
        }

        return kinds;
    }

    private static int CharClass(char c) =>
        (CharKinds.IsLetterOrDigit(c) ? LetterOrDigit | WordPart : c == '\u00AD' ? WordPart : 0)
        | (CharKinds.IsWhiteSpace(c) ? 0 : NotSpace);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Kind(byte[] kinds, char c) => c < (uint)kinds.Length ? kinds[c] : CharClass(c);

    /// <summary>
    /// The words of text[s..e): runs of non-space characters that hold at least one letter or digit (other characters,
    /// such as punctuation, neither start nor end a word).
    /// </summary>
    public static int CountWords(string text, int s, int e)
    {
        if (e <= s)
        {
            return 0;
        }

        // inWord: 1 after a letter or digit until the next white space. A letter or digit sets it (and counts a word
        // when it was 0), white space clears it, anything else keeps it: with the class bits that is
        // now = LetterOrDigit | (inWord & NotSpace), with no branch on the character.
        var n = 0;
        var inWord = 0;
        var kinds = Kinds;
        var span = text.AsSpan(s, e - s);
        var i = 0;
        if (Vector128.IsHardwareAccelerated && span.Length >= 16)
        {
            // Sixteen characters at a time while they are ASCII (quotes are mostly ASCII text): a bit per character
            // for "letter or digit" (g) and for "neither that nor white space" (p). inWord before each character is
            // then the carry into its bit when g | p and g are added with inWord as the carry in (a letter or digit
            // makes a carry, white space stops one, anything else passes it on); a word starts at each letter or
            // digit that no carry reaches.
            ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(span));
            for (; i <= span.Length - 16; i += 16)
            {
                var lo = Vector128.LoadUnsafe(ref first, (nuint)i);
                var hi = Vector128.LoadUnsafe(ref first, (nuint)(i + 8));
                if (((lo | hi) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
                {
                    foreach (var c in span.Slice(i, 16))
                    {
                        var k = Kind(kinds, c);
                        var now = (k & LetterOrDigit) | (inWord & (k >> 1));
                        n += now & ~inWord;
                        inWord = now;
                    }

                    continue;
                }

                var b = Vector128.Narrow(lo, hi);
                var letter = Vector128.LessThanOrEqual((b | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)('z' - 'a')));
                var digit = Vector128.LessThanOrEqual(b - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
                var space = Vector128.Equals(b, Vector128.Create((byte)' ')) | Vector128.LessThanOrEqual(b - Vector128.Create((byte)'\t'), Vector128.Create((byte)('\r' - '\t')));
                var g = (letter | digit).ExtractMostSignificantBits();
                var p = ~(g | space.ExtractMostSignificantBits()) & 0xFFFF;
                var sum = (g | p) + g + (uint)inWord;
                var carryIn = (sum ^ p) & 0xFFFF;
                n += BitOperations.PopCount(g & ~carryIn);
                inWord = (int)(sum >> 16) & 1;
            }
        }

        foreach (var c in span[i..])
        {
            var k = Kind(kinds, c);
            var now = (k & LetterOrDigit) | (inWord & (k >> 1));
            n += now & ~inWord;
            inWord = now;
        }

        return n;
    }

    /// <summary>Tokenizes one paragraph; quoted spans become single <see cref="TokKind.Quote"/> tokens.</summary>
    public static void Tokenize(string text, int ps, int pe, List<QuoteSpan> quotes, int firstQuote, ValueList<Token> output)
    {
        var kinds = Kinds;
        var qi = firstQuote;
        var nextOpen = qi < quotes.Count ? quotes[qi].Open : int.MaxValue; // where the next quote token starts
        var i = ps;
        while (i < pe)
        {
            if (i >= nextOpen)
            {
                var q = quotes[qi];
                var end = q.Close >= 0 ? q.Close + 1 : pe;
                q.TokenIndex = output.Count;
                output.Add(new Token { Start = q.Open, End = end, Kind = TokKind.Quote, QuoteIndex = qi });
                qi++;
                nextOpen = qi < quotes.Count ? quotes[qi].Open : int.MaxValue;
                i = end;
                continue;
            }

            var c = text[i];
            var kc = Kind(kinds, c);
            if ((kc & NotSpace) == 0)
            {
                i++;
                continue;
            }

            if ((kc & LetterOrDigit) != 0)
            {
                var s = i;
                i++;
                while (i < pe)
                {
                    var d = text[i];
                    if ((Kind(kinds, d) & WordPart) != 0)
                    {
                        i++;
                    }
                    else if ((d is '\'' or '\u2019' or '-' or '.' or '&') && i + 1 < pe && CharKinds.IsLetterOrDigit(text[i + 1])
                        && (d != '.' || (i - s <= 3 && CharKinds.IsLetter(text[i + 1]))))
                    {
                        i += 2;
                    }
                    else
                    {
                        break;
                    }
                }

                var t = new Token { Start = s, End = i, Kind = TokKind.Word };
                // Session 18: a Polynesian name opening with the glottal stop ("ʻAkilisi", "ʻOkusitino") is capitalized.
                t.Cap = CharKinds.IsUpper(text[s]) || (text[s] == '\u02BB' && i - s > 1 && CharKinds.IsUpper(text[s + 1]));
                t.AllCaps = t.Cap && i - s > 1 && IsAllCaps(text, s, i);
                if (i - s > 2 && (text[i - 2] is '\'' or '\u2019') && text[i - 1] is 's' or 'S')
                {
                    t.Possessive = true;
                }
                else if (i < pe && text[i] is '\'' or '\u2019' && text[i - 1] == 's' && (i + 1 >= pe || !CharKinds.IsLetter(text[i + 1])) && t.Cap)
                {
                    t.Possessive = true;
                    i++;
                    t.End = i;
                }
                else if (i < pe && text[i] is '\'' or '\u2019' && t.Cap && WorldLexicon.KeepsApostrophe(text.AsSpan(s, i - s)))
                {
                    i++; // session 17: "Dato' Sri Hamzah", the Malay honorific written with its apostrophe
                    t.End = i;
                }

                if (i < pe && text[i] == '.' && IsAbbreviation(text, s, i))
                {
                    i++;
                    t.End = i;
                    t.Abbrev = true;
                }

                output.Add(t);
                continue;
            }

            output.Add(new Token { Start = i, End = i + 1, Kind = TokKind.Punct, P = c });
            i++;
        }
    }

    private static bool IsAllCaps(string text, int s, int e)
    {
        for (var i = s; i < e; i++)
        {
            if (CharKinds.IsLower(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAbbreviation(string text, int s, int e)
    {
        var len = e - s;
        if (len == 1)
        {
            return CharKinds.IsUpper(text[s]);
        }

        if (text.AsSpan(s, len).Contains('.'))
        {
            return true;
        }

        return len <= 5 && Lexicon.AbbreviationLookup.Contains(text.AsSpan(s, len));
    }
}
