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

    // Each ASCII phrase is looked for through a rarer part of it (its anchor): one vectorized search for the anchors,
    // then the whole phrase compared around each hit. Searching for the phrases themselves hit on every "to ", "for"
    // and "this" in ordinary prose and compared there. The two phrases with a copyright sign (whose case never
    // changes) are looked for only when the paragraph has one.
    private static readonly (string Phrase, string Anchor)[] Anchored =
    [
        ("all rights reserved", "rights reserved"), ("subscribe to", "subscribe"), ("subscribe now", "subscribe"),
        ("sign up for", "sign up"), ("click here", "click here"), ("download the app", "download"),
        ("download our app", "download"), ("follow us on", "follow us"), ("read more:", "more:"), ("related:", "related:"),
        ("watch now", "watch now"), ("listen now", "listen now"), ("this story has been", "story has been"),
        ("contributed to this report", "contributed"), ("(reporting by", "(reporting"), ("our newsletter", "newsletter"),
        ("get the latest", "latest"), ("free trial", "free trial"), ("terms of use", "terms of use"),
        ("privacy policy", "privacy"), ("advertisement", "advertisement"), ("get newsmax", "newsmax"),
        ("watch newsmax", "newsmax"), ("is the fastest-growing", "fastest-growing"), ("for the latest", "latest"),
        ("share this article", "share this"), ("premium subscribers", "premium"), ("to continue reading", "continue reading"),
        ("already a subscriber", "already a"), ("find us on", "find us"),
    ];

    private static readonly System.Buffers.SearchValues<string> Anchors =
        System.Buffers.SearchValues.Create(DistinctAnchors(), StringComparison.OrdinalIgnoreCase);

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
                var i = text.AsSpan(start, _to - start).IndexOfAny(Anchors);
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
            var i = text.AsSpan(start, _to - start).IndexOfAny(Anchors);
            _hit = i < 0 ? -1 : start + i;
        }
    }

    // Whether an anchored phrase lies wholly inside p, looking from position from on (no anchor starts before it).
    private static bool ContainsAnchored(ReadOnlySpan<char> p, int from)
    {
        while (from < p.Length)
        {
            var hit = p[from..].IndexOfAny(Anchors);
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

    private static bool IsBoilerplateLowered(ReadOnlySpan<char> p)
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
