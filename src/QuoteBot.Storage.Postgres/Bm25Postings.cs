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

    /// <summary>Decodes a block's postings onto the end of <paramref name="into"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> data, int count, TermPostings into)
    {
        into.Reserve(count);
        long doc = 0;
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
