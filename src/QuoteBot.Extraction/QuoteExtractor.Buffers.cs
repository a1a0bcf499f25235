namespace QuoteBot.Extraction;

// The per-article working collections whose size grows with the article, kept per thread and reused.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// The quote list, the name-parse cache, the mention lists and the per-quote arrays of one article. On a long
    /// article these reach the large-object heap (a 3 MB article: about 5 MB of them), and a fresh set per article made
    /// every few articles end in a full collection. One set per thread is lent to an article and emptied when the
    /// article is done, so that the next article starts from empty collections with their capacity kept and nothing of
    /// the last article stays reachable. A set that grew past <see cref="MaxKeptQuotes"/> quotes or
    /// <see cref="MaxKeptNames"/> cached names is dropped instead of kept.
    /// </summary>
    internal sealed class Buffers
    {
        // About 20 MB of collections at most stay with a thread between articles (a 3 MB quote-dense article needs a
        // sixth of that), and up to 20 MB of token arrays (the same article: 6.5 MB).
        internal const int MaxKeptQuotes = 200_000;
        internal const int MaxKeptNames = 400_000;

        [ThreadStatic]
        private static Buffers? _spare;

        public readonly List<QuoteSpan> Quotes = [];
        public readonly NameRunCache NameCache = new();
        public readonly PositionMap ResolvedAt = new();
        public readonly ValueList<Mention> Mentions = new(64);
        public readonly ValueList<Mention> Speakers = new(64);
        public readonly ValueList<PendingName> Pending = new(64);

        // Prepare's token list for the paragraph being read (copied to an exact-length array per paragraph). Per
        // article it was the largest allocation on short articles (256 tokens, 5 KB, for a 2 KB article). Dropped
        // when a paragraph made it grow past MaxKeptTokens.
        internal const int MaxKeptTokens = 65_536;
        public ValueList<Token> ParagraphTokens = new(256);

        // ParseName's small memo of the last runs parsed, by position (1 KB a new article allocated): emptied per article.
        public readonly (long Key, NameInfo? Info)[] RecentNames = new (long, NameInfo?)[64];

        // Each paragraph's tokens, in arrays of their exact length taken back after the article (paragraphs of up to
        // 4,096 tokens; at most 1M tokens = 20 MB kept). Not the sentence starts (a tenth of the size): a shelf of int
        // arrays is not precompiled in a ReadyToRun build, and compiling it at start cost more than it saved.
        public readonly ArrayShelf<Token> TokenArrays = new(4096, 1_000_000);
        private Attribution?[] _attrByQuote = [];
        private int[] _groupOf = [];

        /// <summary>This thread's set (a new one when it is lent out already or was dropped).</summary>
        public static Buffers Rent()
        {
            var b = _spare;
            if (b is null)
            {
                return new Buffers();
            }

            _spare = null;
            return b;
        }

        /// <summary>Empties <paramref name="b"/> and keeps it for the thread's next article, unless it grew too big.</summary>
        public static void Return(Buffers b)
        {
            var keep = b.Quotes.Count <= MaxKeptQuotes && b.NameCache.Count <= MaxKeptNames;
            b.Clear();
            if (keep)
            {
                _spare = b;
            }
        }

        /// <summary>An array of at least <paramref name="count"/> attributions, the first <paramref name="count"/> null.</summary>
        public Attribution?[] AttrByQuote(int count)
        {
            if (_attrByQuote.Length < count)
            {
                _attrByQuote = new Attribution?[count];
            }

            return _attrByQuote;
        }

        /// <summary>An array of at least <paramref name="count"/> group numbers, the first <paramref name="count"/> zero.</summary>
        public int[] GroupOf(int count)
        {
            if (_groupOf.Length < count)
            {
                _groupOf = new int[count];
            }

            return _groupOf;
        }

        private void Clear()
        {
            // The per-quote arrays are used up to the quote count of the article just done.
            var n = Math.Min(Quotes.Count, _attrByQuote.Length);
            Array.Clear(_attrByQuote, 0, n);
            Array.Clear(_groupOf, 0, Math.Min(Quotes.Count, _groupOf.Length));
            Quotes.Clear();
            NameCache.Clear();
            ResolvedAt.Clear();
            Mentions.Clear();
            Speakers.Clear();
            Pending.Clear();
            TokenArrays.TakeBackAll();
            Array.Clear(RecentNames);
            if (ParagraphTokens.Capacity > MaxKeptTokens)
            {
                ParagraphTokens = new ValueList<Token>(256);
            }
            else
            {
                ParagraphTokens.Clear();
            }
        }
    }
}
