namespace QuoteBot.Extraction;

/// <summary>Recognizes promos, subscription footers and "About X" blocks that are not article text.</summary>
internal static class Boilerplate
{
    private static readonly string[] Phrases =
    [
        "all rights reserved", "copyright \u00A9", "\u00A9 20", "subscribe to", "subscribe now", "sign up for",
        "click here", "download the app", "download our app", "follow us on", "read more:", "related:",
        "watch now", "listen now", "this story has been", "contributed to this report", "(reporting by",
        "our newsletter", "get the latest", "free trial", "terms of use",
        "privacy policy", "advertisement", "get newsmax", "watch newsmax", "is the fastest-growing",
        "for the latest", "share this article", "premium subscribers",
        "to continue reading", "already a subscriber", "find us on",
    ];

    private static readonly string[] FooterHeads =
    [
        "related stories", "related articles", "related coverage", "related", "more from", "recommended",
        "read more", "read next", "you may also like", "trending", "popular", "most read", "more stories",
        "also read", "see also", "more on this", "what to read next",
    ];

    // Each ASCII phrase is looked for through a rarer part of it (its anchor): a vectorized search for the anchors,
    // then the whole phrase compared around each hit. Searching for the phrases themselves hit on every "to ", "for"
    // and "this" in ordinary prose and compared there. The two phrases with a copyright sign (whose case never
    // changes) are looked for only when the paragraph has one.
    // The multi-string search (Teddy) screens each position by the first three characters of every anchor, several
    // anchors sharing a bucket: anchors that begin with three characters rare in news prose ("bscribe", "wnload",
    // "vacy", not "subscribe", "download", "privacy") and few anchors per search keep its false candidates, which it
    // must check one by one, rare. Which part of a phrase is its anchor changes no answer: a phrase is found where
    // its anchor is found at the right offset and the whole phrase matches around it.
    private static readonly (string Phrase, string Anchor)[] Anchored =
    [
        ("all rights reserved", "hts reserved"), ("subscribe to", "bscribe"), ("subscribe now", "bscribe"),
        ("sign up for", "n up for"), ("click here", "k here"), ("download the app", "wnload"),
        ("download our app", "wnload"), ("follow us on", "w us on"), ("read more:", "re:"), ("related:", "elated:"),
        ("watch now", "h now"), ("listen now", "n now"), ("this story has been", "ory has been"),
        ("contributed to this report", "ibuted"), ("(reporting by", "(reporting"), ("our newsletter", "wsletter"),
        ("get the latest", "latest"), ("free trial", "free trial"), ("terms of use", "rms of use"),
        ("privacy policy", "vacy"), ("advertisement", "dvertisement"), ("get newsmax", "wsmax"),
        ("watch newsmax", "wsmax"), ("is the fastest-growing", "t-growing"), ("for the latest", "latest"),
        ("share this article", "share this"), ("premium subscribers", "bscribe"), ("to continue reading", "nue reading"),
        ("already a subscriber", "bscribe"), ("find us on", "find us"),
    ];

    /// <summary>The ASCII phrases with their anchors (for tests).</summary>
    internal static IReadOnlyList<(string Phrase, string Anchor)> AnchoredPhrases => Anchored;

    /// <summary>Every phrase that makes a paragraph boilerplate (for tests).</summary>
    internal static IReadOnlyList<string> AllPhrases => Phrases;

    // At most this many anchors per search: with more, the buckets' masks let through many positions of plain prose
    // (one search for all 24 anchors took twice as long on quote-dense text as three searches of 8; session 13).
    internal const int AnchorsPerSearch = 8;

    // The longest anchor (an anchor found by one search and starting before another's hit lies within this of it).
    private static readonly int LongestAnchor = LongestOf(DistinctAnchors());

    private static readonly System.Buffers.SearchValues<string>[] Anchors = AnchorSearches(DistinctAnchors());

    private static readonly string[] OtherPhrases = NonAsciiPhrases();

    // Loops rather than LINQ: these run once at start, where LINQ over a tuple array would be JIT-compiled first.
    private static string[] DistinctAnchors()
    {
        var anchors = new List<string>(Anchored.Length);
        foreach (var (_, anchor) in Anchored)
        {
            if (!anchors.Contains(anchor))
            {
                anchors.Add(anchor);
            }
        }

        return [.. anchors];
    }

    private static System.Buffers.SearchValues<string>[] AnchorSearches(string[] anchors)
    {
        var searches = new System.Buffers.SearchValues<string>[(anchors.Length + AnchorsPerSearch - 1) / AnchorsPerSearch];
        for (var i = 0; i < searches.Length; i++)
        {
            var from = i * AnchorsPerSearch;
            searches[i] = System.Buffers.SearchValues.Create(anchors.AsSpan(from, Math.Min(AnchorsPerSearch, anchors.Length - from)), StringComparison.OrdinalIgnoreCase);
        }

        return searches;
    }

    private static int LongestOf(string[] words)
    {
        var n = 0;
        foreach (var w in words)
        {
            n = Math.Max(n, w.Length);
        }

        return n;
    }

    /// <summary>
    /// The first position in <paramref name="s"/> where any anchor starts (-1: none), as one search for all the anchors
    /// would answer. After a hit, the next searches look only up to it (plus the longest anchor, so that an anchor
    /// starting before the hit is still seen whole).
    /// </summary>
    internal static int IndexOfAnchor(ReadOnlySpan<char> s)
    {
        var best = -1;
        foreach (var search in Anchors)
        {
            var within = best < 0 ? s : s[..Math.Min(s.Length, best + LongestAnchor)];
            var i = within.IndexOfAny(search);
            if (i >= 0 && (best < 0 || i < best))
            {
                best = i;
            }
        }

        return best;
    }

    private static string[] NonAsciiPhrases()
    {
        var other = new List<string>();
        foreach (var phrase in Phrases)
        {
            if (!System.Text.Ascii.IsValid(phrase))
            {
                other.Add(phrase);
            }
        }

        return [.. other];
    }

    // Characters whose case mapping differs between ToLowerInvariant and OrdinalIgnoreCase for the ASCII phrases
    // (dotted/dotless I, long s, Kelvin and Angstrom signs): a paragraph with one of them takes the lower-casing path.
    private static readonly System.Buffers.SearchValues<char> CaseOddities = System.Buffers.SearchValues.Create("\u0130\u0131\u017F\u212A\u212B");

    public static bool IsBoilerplate(ReadOnlySpan<char> p)
    {
        if (p.Length > 350)
        {
            return false;
        }

        if (p.ContainsAny(CaseOddities))
        {
            return IsBoilerplateLowered(p);
        }

        // One multi-string search instead of lower-casing the paragraph and scanning it once per phrase.
        return IsEmbeddedPost(p, StringComparison.OrdinalIgnoreCase) || IsFollowFooter(p, StringComparison.OrdinalIgnoreCase) || ContainsAnchored(p, 0)
            || (p.Contains('\u00A9') && ContainsOther(p));
    }

    /// <summary>
    /// <see cref="Boilerplate.IsBoilerplate(ReadOnlySpan{char})"/> for the paragraphs of one text, asked paragraph by paragraph:
    /// the same answers, but the anchors are looked for in long stretches of the text at once instead of once per
    /// paragraph. A multi-string search has a set-up cost per call, and quote-dense text has thousands of short
    /// paragraphs (a sixteenth of the extractor's time on them went to those calls). One per article, asked in any
    /// order (in text order it scans each character about once).
    /// </summary>
    internal struct Scan
    {
        // How far past the paragraph asked about one search looks (characters): far enough that a run of short
        // paragraphs shares one search, near enough that long paragraphs (never asked about) are not scanned much.
        internal const int Window = 16_384;

        private string? _text;

        // The searched stretch [_from, _to) of _text and the first position in it where an anchor lies wholly inside
        // the stretch (-1: none). Positions at or after _from only: an anchor that lies wholly inside a paragraph
        // within the stretch lies wholly inside the stretch, so none starts in that paragraph before _hit.
        private int _from;
        private int _to;
        private int _hit;

        /// <summary>Whether the paragraph <paramref name="start"/>..<paramref name="end"/> of <paramref name="text"/> is boilerplate.</summary>
        public bool IsBoilerplate(string text, int start, int end)
        {
            var p = text.AsSpan(start, end - start);
            if (p.Length > 350)
            {
                return false;
            }

            if (p.ContainsAny(CaseOddities))
            {
                return IsBoilerplateLowered(p);
            }

            if (IsEmbeddedPost(p, StringComparison.OrdinalIgnoreCase) || IsFollowFooter(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var hit = FirstAnchor(text, start, end);
            return (hit >= 0 && ContainsAnchored(p, hit - start)) || (p.Contains('\u00A9') && ContainsOther(p));
        }

        /// <summary>
        /// The first position in start..end where an anchor lies wholly inside the text (-1: none in the paragraph).
        /// No anchor inside the paragraph starts before it; one found there may still run past the paragraph's end,
        /// which <see cref="ContainsAnchored"/> then skips as a search of the paragraph alone would not have found it.
        /// </summary>
        internal int FirstAnchor(string text, int start, int end)
        {
            if (!ReferenceEquals(text, _text) || start < _from || start >= _to)
            {
                Search(text, start, end);
            }
            else if (_hit >= 0 && _hit < start)
            {
                // The hit lies in an earlier paragraph: the rest of the stretch, from this paragraph on.
                var i = IndexOfAnchor(text.AsSpan(start, _to - start));
                _from = start;
                _hit = i < 0 ? -1 : start + i;
            }

            if (_hit < 0 && end > _to)
            {
                // No anchor in the stretch, but the paragraph runs past it.
                Search(text, start, end);
            }

            return _hit >= 0 && _hit < end ? _hit : -1;
        }

        private void Search(string text, int start, int end)
        {
            _text = text;
            _from = start;
            _to = Math.Min(text.Length, Math.Max(end, start + Window));
            var i = IndexOfAnchor(text.AsSpan(start, _to - start));
            _hit = i < 0 ? -1 : start + i;
        }
    }

    // Whether an anchored phrase lies wholly inside p, looking from position from on (no anchor starts before it).
    private static bool ContainsAnchored(ReadOnlySpan<char> p, int from)
    {
        while (from < p.Length)
        {
            var hit = IndexOfAnchor(p[from..]);
            if (hit < 0)
            {
                return false;
            }

            var at = from + hit;
            foreach (var (phrase, anchor) in Anchored)
            {
                var start = at - phrase.IndexOf(anchor, StringComparison.Ordinal);
                if (start >= 0 && p.Length - start >= phrase.Length && p[at..].StartsWith(anchor, StringComparison.OrdinalIgnoreCase)
                    && p.Slice(start, phrase.Length).Equals(phrase, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            from = at + 1;
        }

        return false;
    }

    private static bool ContainsOther(ReadOnlySpan<char> p)
    {
        foreach (var phrase in OtherPhrases)
        {
            if (p.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The plain definition: the paragraph lower-cased, then each phrase looked for in turn. Paragraphs with a case
    /// oddity are answered this way; <see cref="IsBoilerplate(ReadOnlySpan{char})"/> gives the same answer for the others.
    /// </summary>
    internal static bool IsBoilerplateLowered(ReadOnlySpan<char> p)
    {
        Span<char> lower = stackalloc char[p.Length];
        p.ToLowerInvariant(lower);
        if (IsEmbeddedPost(lower, StringComparison.Ordinal) || IsFollowFooter(lower, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var phrase in Phrases)
        {
            if (lower.IndexOf(phrase.AsSpan(), StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"About NEWSMAX TV:", "Related Stories" and similar short heads begin a footer that runs to the end.</summary>
    public static bool StartsFooter(ReadOnlySpan<char> p)
    {
        if (p.Length > 60)
        {
            return false;
        }

        var t = p.Trim().TrimEnd(':').Trim();
        if (t.StartsWith("About ", StringComparison.Ordinal) && p.TrimEnd().EndsWith(":"))
        {
            return true;
        }

        if (t.StartsWith("About ", StringComparison.Ordinal) && t.Length < 30 && !t.Contains('.'))
        {
            var rest = t[6..];
            return rest.Length > 0 && char.IsUpper(rest[0]) && !rest.ContainsAny(' ', ',') || (rest.Length > 0 && char.IsUpper(rest[0]) && UpperRatio(rest) > 0.5);
        }

        foreach (var h in FooterHeads)
        {
            if (t.Equals(h, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text of an embedded post as scraped into the article: "… pic.twitter.com/x — Jane Doe (@janedoe) March 3,
    /// 2026". Its quote marks belong to the post, not to the article.
    /// </summary>
    private static bool IsEmbeddedPost(ReadOnlySpan<char> text, StringComparison comparison)
    {
        if (text.Contains("pic.twitter.com/", comparison))
        {
            return true;
        }

        var at = text.LastIndexOf(" (@".AsSpan(), StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var close = text[at..].IndexOf(')');
        if (close < 0)
        {
            return false;
        }

        // A date after the handle ends the paragraph: "(@handle) March 3, 2026".
        var tail = text[(at + close + 1)..].Trim();
        return tail.Length is >= 8 and <= 20 && char.IsDigit(tail[^1]) && tail.Length >= 4 && char.IsDigit(tail[^4]);
    }

    /// <summary>"Follow Jane Doe on Twitter: @janedoe", "Follow us on X".</summary>
    private static bool IsFollowFooter(ReadOnlySpan<char> text, StringComparison comparison) =>
        text.Length < 160 && text.TrimStart().StartsWith("follow ", comparison)
        && (text.Contains(" on twitter", comparison) || text.Contains(" on x", comparison) || text.Contains('@'));

    /// <summary>The outlet named by an "About NEWSMAX:" / "About The Harbor Ledger" footer head, if the text has one.</summary>
    public static string? FooterOutlet(string text, IReadOnlyList<TextSpan> paragraphs)
    {
        for (var i = paragraphs.Count - 1; i >= 1 && i >= paragraphs.Count - 12; i--)
        {
            var p = text.AsSpan(paragraphs[i].Start, paragraphs[i].Length);
            if (!StartsFooter(p))
            {
                continue;
            }

            var t = p.Trim().TrimEnd(':').Trim();
            if (t.StartsWith("About ", StringComparison.Ordinal))
            {
                var name = t[6..].Trim();
                return name.Length is > 0 and <= 40 ? name.ToString() : null;
            }
        }

        return null;
    }

    private static double UpperRatio(ReadOnlySpan<char> s)
    {
        int up = 0, letters = 0;
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c))
                {
                    up++;
                }
            }
        }

        return letters == 0 ? 0 : (double)up / letters;
    }
}
