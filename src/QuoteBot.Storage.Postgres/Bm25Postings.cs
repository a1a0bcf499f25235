using System.Buffers;
using System.Text;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// What the store's BM25 index keeps of one active quote: the weighted frequency of each lexeme (10 per hit in the
/// text, 3 in the speaker part, which holds the name and its folded key, 1 in the source title: the weights A, B, C
/// of the search vector) and the quote's length in lexemes over the three parts.
/// </summary>
internal sealed record DocTerms(Dictionary<long, int> Frequencies, int Length);

/// <summary>One term's postings decoded, in increasing quote id: id, weighted frequency and the quote's length.</summary>
internal sealed class TermPostings
{
    public long[] Docs = [];
    public int[] Frequencies = [];
    public int[] Lengths = [];
    public int Count;

    public void Add(long doc, int f, int dl)
    {
        if (Count == Docs.Length)
        {
            var size = Math.Max(16, Count * 2);
            Array.Resize(ref Docs, size);
            Array.Resize(ref Frequencies, size);
            Array.Resize(ref Lengths, size);
        }

        Docs[Count] = doc;
        Frequencies[Count] = f;
        Lengths[Count] = dl;
        Count++;
    }

    /// <summary>The index of <paramref name="doc"/>'s posting, or null when it has none.</summary>
    public int? Find(long doc)
    {
        var at = Array.BinarySearch(Docs, 0, Count, doc);
        return at >= 0 ? at : null;
    }

    /// <summary>Makes room for <paramref name="more"/> postings at once (a block's count is known before decoding).</summary>
    public void Reserve(int more)
    {
        if (Count + more > Docs.Length)
        {
            var size = Math.Max(Count + more, Docs.Length * 2);
            Array.Resize(ref Docs, size);
            Array.Resize(ref Frequencies, size);
            Array.Resize(ref Lengths, size);
        }
    }
}

/// <summary>
/// The BM25 postings the PostgreSQL store keeps beside its search vectors (table <c>bm25_blocks</c>, schema 8): per
/// lexeme, blocks of postings in increasing quote id, each posting three varints (the id's gap to the previous posting
/// of the block, the first one's from 0; the weighted frequency; the quote's length). A block covers the ids from its
/// <c>low</c> key up to the next block's; new quotes (the highest ids) are appended to the last block until it holds
/// <see cref="BlockCapacity"/> postings. Lexemes are keyed by a 64-bit FNV-1a hash of their UTF-8, so the index needs
/// no dictionary table (two of a million distinct lexemes sharing a key: a chance of about 3 in 10^8).
/// </summary>
internal static class Bm25Postings
{
    /// <summary>Postings per block before a new one is started (about 3 bytes each: a few kB per row).</summary>
    public const int BlockCapacity = 2048;

    /// <summary>Weights of a hit in the text, the speaker part and the title (the vector's A, B, C).</summary>
    public const int TextWeight = 10, SpeakerWeight = 3, TitleWeight = 1;

    /// <summary>FNV-1a (64 bits) of the lexeme's UTF-8.</summary>
    public static long TermKey(string lexeme)
    {
        var h = 14695981039346656037UL;
        Span<byte> buffer = lexeme.Length <= 128 ? stackalloc byte[lexeme.Length * 3] : new byte[lexeme.Length * 3];
        var n = Encoding.UTF8.GetBytes(lexeme, buffer);
        foreach (var b in buffer[..n])
        {
            h = unchecked((h ^ b) * 1099511628211UL);
        }

        return unchecked((long)h);
    }

    /// <summary>
    /// The quote's weighted lexeme frequencies and length, from the folded parts the search vector is built of and the
    /// lexemes PostgreSQL gives each word (<see cref="Lexicon"/>): the same counts the vector's positions and weights give.
    /// With <paramref name="pairs"/>, each two pair words next to each other in one part also count, under their pair's
    /// key (<see cref="Bm25Pairs.Key"/>), as a phrase's hits are counted; without <paramref name="words"/>, only they do.
    /// </summary>
    public static DocTerms Analyze(IReadOnlyDictionary<string, string[]> lexicon, string foldedText, string foldedSpeaker, string foldedTitle,
        Bm25Pairs? pairs = null, bool words = true)
    {
        var freq = new Dictionary<long, int>();
        var length = 0;
        void Part(string part, int weight)
        {
            string? previous = null;
            foreach (var word in part.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!lexicon.TryGetValue(word, out var lexemes))
                {
                    continue;
                }

                foreach (var lexeme in lexemes)
                {
                    if (words)
                    {
                        var key = TermKey(lexeme);
                        freq[key] = freq.GetValueOrDefault(key) + weight;
                    }

                    if (previous is not null && pairs is not null && pairs.IsPair(previous, lexeme))
                    {
                        var key = Bm25Pairs.Key(previous, lexeme);
                        freq[key] = freq.GetValueOrDefault(key) + weight;
                    }

                    previous = lexeme;
                    length++;
                }
            }
        }

        Part(foldedText, TextWeight);
        Part(foldedSpeaker, SpeakerWeight);
        Part(foldedTitle, TitleWeight);
        return new DocTerms(freq, length);
    }

    /// <summary>Appends one posting; <paramref name="previous"/> is the block's last id so far (0 for an empty block).</summary>
    public static void Write(ArrayBufferWriter<byte> buffer, ref long previous, long doc, int f, int dl)
    {
        WriteVarint(buffer, (ulong)(doc - previous));
        WriteVarint(buffer, (ulong)f);
        WriteVarint(buffer, (ulong)dl);
        previous = doc;
    }

    /// <summary>Decodes a block's postings onto the end of <paramref name="into"/>; a segment of a block
    /// (<see cref="Segments"/>) decodes from the id before its first posting, <paramref name="start"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> data, int count, TermPostings into, long start = 0)
    {
        into.Reserve(count);
        long doc = start;
        var pos = 0;
        var docs = into.Docs;
        var fs = into.Frequencies;
        var dls = into.Lengths;
        var n = into.Count;
        while (pos < data.Length)
        {
            doc += (long)ReadVarint(data, ref pos);
            docs[n] = doc;
            fs[n] = (int)ReadVarint(data, ref pos);
            dls[n] = (int)ReadVarint(data, ref pos);
            n++;
        }

        into.Count = n;
    }

    /// <summary>
    /// A block's score bounds (column <c>bounds</c>, schema 9): the (weighted frequency, length) pairs of its postings
    /// that no other posting of the block beats on both (a higher or equal frequency at a shorter or equal length), as
    /// varints. A BM25 term grows with the frequency and falls with the length, so the best of these pairs at the
    /// current average length is exactly the block's best term score, whatever that average has become since.
    /// </summary>
    public static byte[] Bounds(IEnumerable<(int F, int Dl)> postings)
    {
        var pairs = postings.Distinct().OrderByDescending(p => p.F).ThenBy(p => p.Dl).ToList();
        var buffer = new ArrayBufferWriter<byte>(16);
        var shortest = int.MaxValue;
        foreach (var (f, dl) in pairs)
        {
            if (dl < shortest)
            {
                WriteVarint(buffer, (ulong)f);
                WriteVarint(buffer, (ulong)dl);
                shortest = dl;
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The (frequency, length) pairs of a block's <see cref="Bounds"/>.</summary>
    public static List<(int F, int Dl)> ReadBounds(ReadOnlySpan<byte> bounds)
    {
        var pairs = new List<(int, int)>();
        var pos = 0;
        while (pos < bounds.Length)
        {
            var f = (int)ReadVarint(bounds, ref pos);
            pairs.Add((f, (int)ReadVarint(bounds, ref pos)));
        }

        return pairs;
    }

    /// <summary>Postings per segment of a block (<see cref="Segments"/>), as new blocks and appends write them.</summary>
    public const int SegmentSize = 128;

    /// <summary>The segment size for blocks of <paramref name="capacity"/> postings: a sixteenth of a block, from 2
    /// (tests' tiny blocks) to <see cref="SegmentSize"/>.</summary>
    public static int SegmentSizeFor(int capacity) => Math.Clamp(capacity / 16, 2, SegmentSize);

    /// <summary>
    /// A block's skip table (column <c>skips</c>, schema 11): the block cut into segments of
    /// <paramref name="segmentSize"/> postings in order, each with its count, first and last id, byte length in the
    /// block's data (they follow each other from byte 0) and its own score bounds (as <see cref="Bounds"/>), so a search
    /// can bound a stretch of ids finer than the whole block and read only the segments it needs (a substring of the
    /// uncompressed out-of-line value, so only the storage chunks holding it). With <paramref name="old"/> (the skips of
    /// the block <paramref name="data"/> is appended to), the old segments are kept and the last is filled up first.
    /// </summary>
    public static byte[] Segments(ReadOnlySpan<byte> data, int segmentSize, ReadOnlySpan<byte> old = default)
    {
        var segments = ReadSegments(old);
        var pairs = new List<(int F, int Dl)>();
        var last = segments.Count > 0 ? segments[^1] : null;
        var open = last is not null && last.Count < segmentSize;
        if (open)
        {
            pairs.AddRange(last!.Pairs);
        }

        long doc = last?.Last ?? 0;
        var offset = last is null ? 0 : last.Offset + last.Length;
        var pos = 0;
        while (pos < data.Length)
        {
            var at = pos;
            doc += (long)ReadVarint(data, ref pos);
            var f = (int)ReadVarint(data, ref pos);
            var dl = (int)ReadVarint(data, ref pos);
            if (!open)
            {
                last = new Segment(0, doc, doc, offset, 0, []);
                segments.Add(last);
                pairs.Clear();
                open = true;
            }

            pairs.Add((f, dl));
            last!.Count++;
            last.Last = doc;
            last.Length += pos - at;
            offset += pos - at;
            if (last.Count >= segmentSize)
            {
                last.Pairs = ReadBounds(Bounds(pairs));
                open = false;
            }
        }

        if (open)
        {
            last!.Pairs = ReadBounds(Bounds(pairs));
        }

        var buffer = new ArrayBufferWriter<byte>(16 * segments.Count + 8);
        long previous = 0;
        foreach (var s in segments)
        {
            WriteVarint(buffer, (ulong)s.Count);
            WriteVarint(buffer, (ulong)(s.First - previous));
            WriteVarint(buffer, (ulong)(s.Last - s.First));
            WriteVarint(buffer, (ulong)s.Length);
            WriteVarint(buffer, (ulong)s.Pairs.Count);
            foreach (var (f, dl) in s.Pairs)
            {
                WriteVarint(buffer, (ulong)f);
                WriteVarint(buffer, (ulong)dl);
            }

            previous = s.Last;
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One segment of a block's skip table (<see cref="Segments"/>); <see cref="Offset"/> is where its
    /// postings start in the block's data.</summary>
    internal sealed class Segment(int count, long first, long last, int offset, int length, List<(int F, int Dl)> pairs)
    {
        public int Count { get; set; } = count;

        public long First { get; } = first;

        public long Last { get; set; } = last;

        public int Offset { get; } = offset;

        public int Length { get; set; } = length;

        public List<(int F, int Dl)> Pairs { get; set; } = pairs;
    }

    /// <summary>The segments of a skip table (<see cref="Segments"/>), in order.</summary>
    public static List<Segment> ReadSegments(ReadOnlySpan<byte> skips)
    {
        var list = new List<Segment>();
        var pos = 0;
        long previous = 0;
        var offset = 0;
        while (pos < skips.Length)
        {
            var count = (int)ReadVarint(skips, ref pos);
            var first = previous + (long)ReadVarint(skips, ref pos);
            var last = first + (long)ReadVarint(skips, ref pos);
            var length = (int)ReadVarint(skips, ref pos);
            var n = (int)ReadVarint(skips, ref pos);
            var pairs = new List<(int F, int Dl)>(n);
            for (var i = 0; i < n; i++)
            {
                var f = (int)ReadVarint(skips, ref pos);
                pairs.Add((f, (int)ReadVarint(skips, ref pos)));
            }

            list.Add(new Segment(count, first, last, offset, length, pairs));
            offset += length;
            previous = last;
        }

        return list;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        buffer.Advance(i);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }
}
