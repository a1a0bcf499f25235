namespace QuoteBot.Extraction;

/// <summary>
/// Finds direct quotes in an article and attributes each to its speaker with a hand-written scanner (no regular
/// expressions): quote marks are paired per paragraph, paragraphs are tokenized with each quote as one token, and
/// reporting cues are looked up around it in both word orders.
/// </summary>
public static class QuoteExtractor
{
    public static IReadOnlyList<ExtractedQuote> Extract(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var buffers = ArticleScan.Buffers.Rent();
        try
        {
            return new ArticleScan(article, buffers).Run();
        }
        finally
        {
            ArticleScan.Buffers.Return(buffers);
        }
    }
}

internal sealed partial class ArticleScan
{
    private readonly Article _article;
    private readonly string _text;
    private readonly Buffers _buffers;
    private readonly List<QuoteSpan> _quotes;
    private readonly EntityRegistry _reg;
    private readonly WordTable _words = WordTable.ForArticle();
    private Para[] _paras = [];

    // Short name mentions resolved in phase 1, by token start offset.
    private readonly PositionMap _resolvedAt;

    // buffers: empty working collections for this article (see Buffers).
    public ArticleScan(Article article, Buffers buffers)
    {
        _article = article;
        _text = article.Text;
        _buffers = buffers;
        _quotes = buffers.Quotes;
        _reg = new EntityRegistry(buffers.Mentions, buffers.Speakers);
        _resolvedAt = buffers.ResolvedAt;
        _nameCache = buffers.NameCache;
        _recentNames = buffers.RecentNames;
    }

    private sealed class Para
    {
        public int Index;
        public int Start;
        public int End;
        // Set by Prepare when the paragraph is made (no empty-array initializer: Array.Empty<Token>() is a framework
        // generic over this assembly's struct, compiled by the JIT at start in a ReadyToRun build).
        public Token[] Tokens = null!;
        public int QuoteFrom;
        public int QuoteTo;
        public bool Boilerplate;
        public bool OnlyQuotes;
        public int[] SentenceStart = [];
    }

    private enum SubjectKind
    {
        None,
        Name,
        Pronoun,
        Role,
    }

    /// <summary>
    /// The phrase that names who spoke, as found next to a reporting cue: a name, a pronoun or a role noun, spanning
    /// tokens <see cref="A"/>..<see cref="B"/> (inclusive); <see cref="Word"/> is the pronoun or role word.
    /// </summary>
    private struct SubjectPhrase
    {
        public SubjectKind Kind;
        public int A;
        public int B;
        public string? Word;
    }

    internal sealed class Attribution
    {
        public int Entity = -1;
        public string? Speaker;
        public string? Cue;
        public int CueTok = -1;
        public string? Audience;
        public string Method = "none";
        public bool Attached;
        public bool Tail;
        public SpeakerKind Kind;
    }

    public IReadOnlyList<ExtractedQuote> Run()
    {
        Prepare();
        RegisterNames();
        return Attribute();
    }

    // ---------------------------------------------------------------- phase 0: quotes, tokens, sentences

    private void Prepare()
    {
        var ps = _article.Paragraphs;
        _paras = new Para[ps.Count];

        // British house style: ‘…’ (or '…') are the quotation marks and "…" a quote within a quote.
        _singles = DetectSingles(ps);
        var singles = _singles;
        var footer = false;
        var carry = false;
        var tokens = _buffers.ParagraphTokens;
        for (var i = 0; i < ps.Count; i++)
        {
            var p = new Para { Index = i, Start = ps[i].Start, End = ps[i].End };
            _paras[i] = p;
            var span = _text.AsSpan(p.Start, p.End - p.Start);
            if (!footer && Boilerplate.StartsFooter(span))
            {
                footer = true;
            }

            p.Boilerplate = footer || _boilerplate.IsBoilerplate(_text, p.Start, p.End);
            p.QuoteFrom = _quotes.Count;

            // A quote runs on with a paragraph that opens with its own kind of mark (‘ after ‘, " or “ after ").
            var continues = carry && _quotes.Count > 0
                && (_quotes[^1].Single ? SingleQuotes.StartsWithOpen(_text, p.Start, p.End, singles) : StartsWithOpenMark(p));
            if (carry && !continues && _quotes.Count > 0)
            {
                _quotes[^1].ContinuesNext = false;
            }

            var nextOpens = singles != SingleMarks.None && i + 1 < ps.Count && SingleQuotes.StartsWithOpen(_text, ps[i + 1].Start, ps[i + 1].End, singles);
            Tokenizer.FindQuotes(_text, p.Start, p.End, i, continues, _quotes, out var endsInside, singles, nextOpens);
            p.QuoteTo = _quotes.Count;
            if (endsInside && p.QuoteTo > p.QuoteFrom)
            {
                _quotes[^1].ContinuesNext = true;
            }

            carry = endsInside;
            tokens.Clear();
            Tokenizer.Tokenize(_text, p.Start, p.End, _quotes, p.QuoteFrom, tokens);
            p.Tokens = _buffers.TokenArrays.Copy(tokens);
            for (var k = 0; k < p.Tokens.Length; k++)
            {
                ref var tok = ref p.Tokens[k];
                if (tok.Kind == TokKind.Quote)
                {
                    continue;
                }

                tok.WordId = _words.Id(_text.AsSpan(tok.Start, tok.End - tok.Start));
                if (tok.Kind == TokKind.Word && tok.Cap)
                {
                    var facts = _words.Facts(tok.WordId);
                    tok.NameOk = (facts & (tok.AllCaps ? WordFacts.NameOkAllCaps : WordFacts.NameOk)) != 0;
                }
            }

            MarkCues(p.Tokens);
            PromoteSurnamesInNamePosition(p.Tokens);
            MarkSentences(p);

            p.OnlyQuotes = p.QuoteTo > p.QuoteFrom && !HasWord(p.Tokens);
        }

        // A quote left open at the end of a paragraph continues only if the next paragraph opens with a mark.
        for (var i = 0; i + 1 < _paras.Length; i++)
        {
            var p = _paras[i];
            if (p.QuoteTo > p.QuoteFrom && _quotes[p.QuoteTo - 1].ContinuesNext)
            {
                var n = _paras[i + 1];
                if (n.QuoteTo == n.QuoteFrom || !_quotes[n.QuoteFrom].ContinuesPrev)
                {
                    _quotes[p.QuoteTo - 1].ContinuesNext = false;
                }
            }
        }
    }

    // The single marks this article quotes with (none: double marks only).
    private SingleMarks _singles;

    // Which paragraphs are promos and footers, answered with a few searches over the whole text.
    private Boilerplate.Scan _boilerplate;

    /// <summary>
    /// Which single marks the article quotes with. One vectorized look over the text settles the common case (no ‘
    /// and no ' at a word's start); otherwise <see cref="SingleQuotes.Detect"/> weighs the paragraphs that have one.
    /// </summary>
    private SingleMarks DetectSingles(IReadOnlyList<TextSpan> ps)
    {
        if (SingleQuotes.Candidates(_text.AsSpan()) == SingleMarks.None)
        {
            return SingleMarks.None;
        }

        var candidates = new List<int>();
        var footerFrom = ps.Count;
        for (var i = 0; i < ps.Count; i++)
        {
            var span = _text.AsSpan(ps[i].Start, ps[i].Length);
            if (footerFrom == ps.Count && Boilerplate.StartsFooter(span))
            {
                footerFrom = i;
            }

            if (SingleQuotes.Candidates(span) != SingleMarks.None)
            {
                candidates.Add(i);
            }
        }

        return candidates.Count == 0 ? SingleMarks.None : SingleQuotes.Detect(_text, ps, candidates,
            i => i >= footerFrom || i < _article.HeadlineParagraphs || _boilerplate.IsBoilerplate(_text, ps[i].Start, ps[i].End));
    }

    private static bool HasWord(Token[] t)
    {
        foreach (var tok in t)
        {
            if (tok.Kind == TokKind.Word)
            {
                return true;
            }
        }

        return false;
    }

    private bool StartsWithOpenMark(Para p)
    {
        for (var i = p.Start; i < p.End; i++)
        {
            var c = _text[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            return c is '"' or '\u201C' or '\u201E' or '\u00AB' or '\u201F';
        }

        return false;
    }

    private void MarkCues(Token[] t)
    {
        for (var i = 0; i < t.Length; i++)
        {
            if (t[i].Kind != TokKind.Word)
            {
                continue;
            }

            var w = _text.AsSpan(t[i].Start, t[i].End - t[i].Start);
            if (t[i].Cap && !w.Equals("According", StringComparison.Ordinal))
            {
                // "Said Ruiz: "…"": a capitalized "Said" opening its sentence before a name.
                t[i].Cue = (w.Equals("Said", StringComparison.Ordinal) || w.Equals("Says", StringComparison.Ordinal))
                    && (i == 0 || t[i - 1].Kind != TokKind.Word) && i + 1 < t.Length && t[i + 1].Kind == TokKind.Word && t[i + 1].Cap;
                continue;
            }

            if ((w.Equals("reports", StringComparison.Ordinal) || w.Equals("writes", StringComparison.Ordinal)) && i > 0 && t[i - 1].Kind == TokKind.Word && t[i - 1].Cap
                && i + 1 < t.Length && IsPunct(t[i + 1], ':'))
            {
                // "The Times reports:" before a block quote.
                t[i].Cue = true;
                continue;
            }

            if (IsDocumentVerb(t, i))
            {
                t[i].Cue = true; // session 20: "the memo states", "the statement read"
                continue;
            }

            if ((_words.Facts(t[i].WordId) & WordFacts.CueWord) == 0)
            {
                continue;
            }

            if (w.Equals("words", StringComparison.Ordinal))
            {
                // "painted with the words "…""
                t[i].Cue = i > 0 && Is(t[i - 1], "the") && i + 1 < t.Length && t[i + 1].Kind == TokKind.Quote;
                continue;
            }

            // "the reports", "of calls": a noun, not a reporting verb.
            if (i > 0 && t[i - 1].Kind == TokKind.Word && NounMarkers.Contains(_text.AsSpan(t[i - 1].Start, t[i - 1].End - t[i - 1].Start)))
            {
                continue;
            }

            if (w.Equals("according", StringComparison.OrdinalIgnoreCase))
            {
                t[i].Cue = i + 1 < t.Length && Is(t[i + 1], "to") && !IsAccordingAfterFrame(t, i); // session 20: "X said, according to a transcript"
                continue;
            }

            var s = Word(t[i]);
            if (s is "read" or "reads" or "reading")
            {
                // Signs, banners and graffiti "read" their text.
                t[i].Cue = SignNounBefore(t, i);
                continue;
            }

            if (s is "words")
            {
                // "painted with the words "…""
                t[i].Cue = i > 0 && Is(t[i - 1], "the") && i + 1 < t.Length && t[i + 1].Kind == TokKind.Quote;
                continue;
            }

            if (s is "call" or "calls")
            {
                // "call for …", and "Its editorial calls the increase "…"" (a quote within a few words).
                t[i].Cue = i + 1 < t.Length && Is(t[i + 1], "for");
                for (var k = i + 1; !t[i].Cue && k < t.Length && k <= i + 5 && !(t[k].Kind == TokKind.Punct && t[k].P is '.' or '!' or '?' or ';'); k++)
                {
                    t[i].Cue = t[k].Kind == TokKind.Quote;
                }

                continue;
            }

            if (Lexicon.NeedsParticleAfter(s))
            {
                t[i].Cue = i + 1 < t.Length && ((t[i + 1].Kind == TokKind.Word && Lexicon.Particles.Contains(Word(t[i + 1])))
                    || (s is "pressed" or "pushed" && t[i + 1].Kind == TokKind.Punct && t[i + 1].P is '.' or ',' && i >= 2 && t[i - 2].Kind == TokKind.Quote));
                continue;
            }

            t[i].Cue = true;
        }
    }

    private static readonly HashSet<string> SignNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "sign", "signs", "banner", "banners", "placard", "placards", "poster", "posters", "graffiti", "slogan", "slogans",
        "t-shirt", "t-shirts", "shirts", "billboard", "billboards", "plaque", "inscription", "sticker", "stickers", "flag",
        "flags", "that", "which", "headline", "caption", "note", "sheet", "sheets", "board", "card", "cards", "letters",
    };

    private bool SignNounBefore(Token[] t, int i)
    {
        for (var k = i - 1; k >= 0 && k >= i - 6; k--)
        {
            if (t[k].Kind == TokKind.Word && SignNouns.Contains(Word(t[k])))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> NounMarkerSet = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "of", "his", "her", "their", "its", "our", "with", "no", "any", "these", "those", "such", "my", "your", "whose",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NounMarkers = NounMarkerSet.GetAlternateLookup<ReadOnlySpan<char>>();

    // MarkSentences' working list, reused for every paragraph (each keeps its own exact-size array).
    private readonly List<int> _sentenceStarts = new(16);

    private void MarkSentences(Para p)
    {
        var t = p.Tokens;
        var sid = 0;
        var starts = _sentenceStarts;
        starts.Clear();
        starts.Add(0);
        for (var i = 0; i < t.Length; i++)
        {
            t[i].Sentence = sid;
            if (i + 1 >= t.Length)
            {
                break;
            }

            var next = t[i + 1];
            var boundary = false;
            if (t[i].Kind == TokKind.Punct && t[i].P is '.' or '!' or '?' or '\u2026')
            {
                boundary = next.Kind == TokKind.Quote || (next.Kind == TokKind.Word && (next.Cap || char.IsDigit(_text[next.Start]))) || (next.Kind == TokKind.Punct && next.P is '(' or '[');
            }
            else if (t[i].Kind == TokKind.Word && t[i].Abbrev && next.Kind == TokKind.Word && next.Cap)
            {
                var w = Word(t[i]).TrimEnd('.');
                boundary = !Lexicon.Titles.Contains(w) && w.Length > 1 && Lexicon.CapitalStopWords.Contains(Word(next)) && !Lexicon.Titles.Contains(Word(next).TrimEnd('.'));
            }
            else if (t[i].Kind == TokKind.Quote)
            {
                var q = _quotes[t[i].QuoteIndex];
                var last = _text[q.TextEnd - 1];
                if (last is '.' or '!' or '?' or '\u2026' && q.Close >= 0)
                {
                    if (next.Kind == TokKind.Quote)
                    {
                        boundary = true;
                    }
                    else if (next.Kind == TokKind.Word && next.Cap)
                    {
                        boundary = !CueFollowsName(t, i + 1);
                    }
                }
            }

            if (boundary)
            {
                sid++;
                starts.Add(i + 1);
            }
        }

        p.SentenceStart = [.. starts];
    }

    private bool CueFollowsName(Token[] t, int i)
    {
        var k = i;
        while (k < t.Length && IsNameToken(t, k))
        {
            k++;
        }

        k = SkipFillers(t, k);
        return k < t.Length && t[k].Cue;
    }

    // ---------------------------------------------------------------- helpers

    private string Word(Token t) => t.WordId != 0 ? _words[t.WordId] : t.Kind == TokKind.Quote ? _text.Substring(t.Start, t.End - t.Start) : _words.Get(_text.AsSpan(t.Start, t.End - t.Start));

    private bool Is(Token t, string w) => t.Kind == TokKind.Word && _text.AsSpan(t.Start, t.End - t.Start).Equals(w, StringComparison.OrdinalIgnoreCase);

    private static bool IsPunct(Token t, char c) => t.Kind == TokKind.Punct && t.P == c;

    private static readonly HashSet<string> TimeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "night", "morning", "afternoon",
        "evening", "week", "weekend", "month", "year", "day", "today", "yesterday", "tonight",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TimeLookup = TimeWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private int SkipFillers(Token[] t, int k)
    {
        while (k < t.Length && t[k].Kind == TokKind.Word && !t[k].Cue)
        {
            var w = Span(t[k]);
            if (Lexicon.FillerLookup.Contains(w) || (w.Length > 4 && w.EndsWith("ly", StringComparison.Ordinal) && !t[k].Cap))
            {
                k++;
                continue;
            }

            break;
        }

        return k;
    }
}
