using System.Buffers;
using System.Text;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// Packs the store's long texts (a quote's text, its source title and context paragraphs; migration 16) into fewer
/// bytes, cheaply both ways: a static order-1 Huffman code over the UTF-8 bytes, one code per class of the byte before
/// (<see cref="ContextOf"/>: 32 classes), each code at most 12 bits. Packing a 250-byte text is about a microsecond,
/// and so is unpacking it (one table look-up a byte). On the store's English test articles a text keeps about 49 % of
/// its bytes, on the bench's made-up words 53 % (Brotli 3 kept 71 and 63 % at ten times the cost, session 13).
/// </summary>
/// <remarks>
/// A packed value is a BLOB: one format byte (the format number in its high 5 bits, the unused bits of the last byte in
/// its low 3), then the codes, most significant bit first. A text is packed only when that is smaller; otherwise, and in
/// every row written before migration 16, it stays TEXT, so readers take both (<see cref="SqliteQuoteStore"/>'s
/// ReadText). Format 1's code lengths (<see cref="Model1"/>) were counted over the invented English articles of the
/// spent extraction test folders by <c>scripts/text-model.py</c>; a shipped model is never changed: a better one is a
/// new format number beside it.
/// </remarks>
internal static class TextPacking
{
    /// <summary>Texts shorter than this (UTF-8 bytes) are not packed: the format byte eats most of the gain.</summary>
    public const int MinBytes = 8;

    private const int Format1 = 1;
    private const int MaxBits = 12;
    private const int Contexts = 32;

    /// <summary>Format 1: per context, the code length in bits (1 hex digit) of each byte value 0..255.</summary>
    private const string Model1 =
        "cccccccccccccccccccccccccccccccc4ccccccacccc9a9cccccccccccacccccccccbccbccccacbcccaacccccbcccccccb654a669496453a6c34366894accccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" +
        "ccccccccccbccccccccccccccccccccc6ccccccacccc9b8ccccccccccccccccbcacccbcccaccbcbccc9ccbcccacccccbc379b2cc948c4ab39c4683cbc4cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" +
        "ccccccccccbccccccccccccccccccccc6ccccccbcbcc9b9cccccccccccbccccccabbcabcabcabbbaccacbcccccccccccc3c6c3cc34c55bc2bc5845cbc69ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbbbbbbb" +
        "ccccccccccaccccccccccccccccccccc1cacccc9cccc684ccccccccccc9ccccbcbcccbccccccccccccccccccccccccccc5b983a6a4cb8885c966a699c6ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "cccccccccc9ccbcccccccccccccccccc2bacccc8cacc696bcccccccbccabcccbcbccbccccbccabacbcbbbcbccbcccccbc485456797b8564769345a67769cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbabbbbbbbbbbbbbbbbbbbbbbbbbbbbb" +
        "ccccccccccbccccccccccccccccccccc2ccccccbcccc898ccccccccccccccccccabccbcccccccccacccccccbccccccccc4ccc45cc3bc6bc2cc4855cbc9cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" +
        "cccccccccc9ccccccccccccccccccccc2bacccc9cccc5a5ccccccccccc8accc9cbccb9ccccccbbcbaccb9ccbccccccccc4bca3b734cc7954ab4685c9c7ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "ccccccccccaccccccccccccccccccccc4cbccccacbcc7a8cccccccccccaccccbcabbcbcccacccbcacccbcbcbccbbbbbbb38aa1bab4bb9aa4bb6857bab8bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" +
        "cccccccccccccccccccccccccccccccc5cccccc7cccc9abcccccccccccbccccccccbbcccccccccaccccbccccccccccccc6854565ccc746248b533a6c8a9cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbcccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb8bbbbbbbbbbbbb7bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3bbb3bba6aaaaa2aa6aa2a7aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa7aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" +
        "cccccccccc8ccbcccccccccccccccccc2aacccc7c8cc585cccbccccccc8ccccbcaccc9ccc9cccccaccc9bcacccccccccc58b829c83cb79559c7498c6c7cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc9ccccccccccccccccccccbbbbbbbbb" +
        "ccccccccccaccccccccccccccccccccc3cbcccc8cccc697cccccccccccaccccbcabcbacccaca9bcabccacbbccbccccccc3884379a3b736b49c856678c5cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "ccccccccccaccccccccccccccccccccc3cccccc9cccc6c6bccccccccccbccccbcacccbbccacccccb9cccccccccccccccc35bb2acb3cca5a35c76c6cbc6cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "cccccccccc9ccccccccccccccccccccc2cacccc7cbcc6a6cccccccccccabcccbccbcbbcabbcccbbbccccbccbccccccccc5a5348395a78764bba54689b6accccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbcccccccccccccccccccccccccccccc9ccccccccccccccccccccccccccccc" +
        "cccccccccccccccccccccccccccccccc3ccccccbcccc8a9cccccccccccccccccccccccccccccbcabccbbcccbccccccccc7776848b7b654355c354365b8bccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" +
        "ccccccccccaccccccccccccccccccccc4cbccccbcbcc7a6ccccccccccccccccbcaccbbccbbccbbcabcbccbccccccccccc3bca3ba65cb39c34c3654cccacccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccb" +
        "cccccccccccccccccccccccccccccccc7ccccc7ccccccccccccccccccc3ccccccccccccccccccccccccccccc6cccccccccccc6ccccccccccccc6c12cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbbbbbbbb" +
        "ccccccccccaccccccccccccccccccccc3cbcccc9cccc686cccccccccccaccccbcbccbbcccbcbcccaccbbbcccccccccccc4865296a4b676549b644679c5cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccc" +
        "cccccccccc8ccccccccccccccccccccc2b9cccc8cacc5a5ccccccccccc9bcccabbcbcbcc9bcbbccbbccaacccccccccccc39774ab44c677965aa535b7c9bccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "cccccccccc9ccbcccccccccccccccccc2bbcccc8cbcc696cccccccccccabcccbcbbcbbccbbccbccabcbbbcbccbccccccc5a8b3ab24cc89a4bc5577b7b6bccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "ccccccccccbccccccccccccccccccccc5cccccc9cccc9baccccccccccccccccbccccccccccccccbcccacccccccccccccc5565585c5ca353a5c333ccca7cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" +
        "ccccccccccbccccccccccccccccccccc7ccccccccccc9c6ccccccccccccaccccc8ccc8acccccccaccc9cccccccccccccc3ccc1c8c3ccaca3cc8aa9ccc6cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" +
        "ccccccccccaccccccccccccccccccccc4cbccccbcccc7b7cccccccccccbcccccc9cccbcccbccccbbccccccccccccccccc3bc82bb33ca9943cc66abccc8ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccc" +
        "cccccccccccccccccccccccccccccccc3caccccccccc666ccccccccccc9ccccaccccc9ccccccccccccccccccccccccccc495c3cc85cc8ccc2ccc28ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbb" +
        "cccccccccc8ccbcccccccccccccccccc1b8cccc6cacc474ccccccccccc8bcccacbcccabccccccccbcccbbccccccccccbc678849ba6c87794aba47aa8ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccccc8cccccccccccccccccccccccccccbb" +
        "bbbbbbbbbb7bbbbbbbbbbbbbbbbbbbbb3bbbbbbbbbbb456bbbbbbbbbbb7bbbbbb7bbbbbbbbbbbbbbbbbbbbb7bbbbbbbbb3bbb2b7b5b77bb4bbbbbbb5b45bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbaa" +
        "cccccccccccccccccccccccccccccccccc6caccaaccccbccc8899aaabaccccccb7878988779887887a777a98baccccccc45556564588655459543774c7ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccccc8ccccccccccccccccccccccccccccc" +
        "cccccccccc8ccccccccccccccccccccc2cacc9ccbccc465b24465666555acccaccccccccccccbcccccccccccccccccccc9acbcccbccbcaccabb89cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccb" +
        "cccccccccc2cc8cccccccccccccccccc1c3cccc8c8cc7cccb99a9abcaccccccccccbbccccbbbcbbcccbacccccccccccccccacaccccccc6bcccccacccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccaccccccccccccccccccccccccccccccc6ccccccccccccccccccccccccccccb" +
        "cccccccccc6ccacccccccccccccccccc1c2cccc6cc7ccccc568767caaacccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc8ccccccccccccccccccccccccccccccc4ccccccccccccccccccccccccccccb" +
        "cccccccccc2cc7cccccccccccccccccc3c5cccc9ac8c9a9ca8999aaba9bccccca56677786597767669764a85c8bcccccc798798a89ba77878b746a88c8ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbccccccccccccccccccccccccccccccc7ccccccccccccbcccccccccccccccc" +
        "cccccccccc5ccccccccccccccccccccc3caccccccccc8c7cc999acbcbbbcccccc98a99aa96baa88a9c996ca7c9ccccccc79a899a99ca988a9c857a89cccccccc2cbcccc8cccccccccbc947cc53ac457cc8c8cbbcb9c7b9cccbcaccccccc7cccaccabccccccccccccccccccccccccccccccccccccccccccccccccccccccccccbb";

    private static readonly byte[] ContextTable = BuildContexts();
    private static readonly (uint Code, byte Bits)[] Codes = new (uint, byte)[Contexts * 256];

    // Per context, 2^12 entries: the byte whose code starts the 12 bits looked up (low 8 bits) and its length (high bits).
    private static readonly ushort[] Decode = new ushort[Contexts << MaxBits];

    static TextPacking()
    {
        Span<int> lengths = stackalloc int[256];
        for (var c = 0; c < Contexts; c++)
        {
            for (var b = 0; b < 256; b++)
            {
                lengths[b] = Convert.ToInt32(Model1[(c * 256) + b].ToString(), 16);
            }

            // Canonical codes: shorter codes first, equal lengths in byte order.
            uint code = 0;
            for (var bits = 1; bits <= MaxBits; bits++)
            {
                for (var b = 0; b < 256; b++)
                {
                    if (lengths[b] != bits)
                    {
                        continue;
                    }

                    Codes[(c * 256) + b] = (code, (byte)bits);
                    var first = (int)(code << (MaxBits - bits));
                    Decode.AsSpan((c << MaxBits) + first, 1 << (MaxBits - bits)).Fill((ushort)((bits << 8) | b));
                    code++;
                }

                code <<= 1;
            }

            if (code != 1u << (MaxBits + 1))
            {
                throw new InvalidOperationException($"Text packing model 1, context {c}: the code lengths do not make a complete code.");
            }
        }
    }

    /// <summary>The context class of the byte before: a letter (either case), space, digit, end of sentence, comma-like, other ASCII, other.</summary>
    internal static int ContextOf(byte previous) => ContextTable[previous];

    private static byte[] BuildContexts()
    {
        var t = new byte[256];
        for (var b = 0; b < 256; b++)
        {
            t[b] = b switch
            {
                >= 'a' and <= 'z' => (byte)(b - 'a'),
                >= 'A' and <= 'Z' => (byte)(b - 'A'),
                ' ' => 26,
                >= '0' and <= '9' => 27,
                '.' or '!' or '?' => 28,
                ',' or ';' or ':' => 29,
                < 128 => 30,
                _ => 31,
            };
        }

        return t;
    }

    /// <summary>The packed form of <paramref name="text"/>, or null when it would not be smaller than the text's UTF-8.</summary>
    public static byte[]? Pack(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var utf8 = max <= 2048 ? stackalloc byte[2048] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            utf8 = utf8[..Encoding.UTF8.GetBytes(text, utf8)];
            if (utf8.Length < MinBytes)
            {
                return null;
            }

            var codes = Codes;
            long bits = 0;
            var context = 26; // as after a space
            foreach (var b in utf8)
            {
                bits += codes[(context << 8) | b].Bits;
                context = ContextTable[b];
            }

            var size = 1 + (int)((bits + 7) >> 3);
            if (size >= utf8.Length)
            {
                return null;
            }

            var packed = new byte[size];
            packed[0] = (byte)((Format1 << 3) | (int)((8 - (bits & 7)) & 7));
            ulong acc = 0;
            var have = 0;
            var at = 1;
            context = 26;
            foreach (var b in utf8)
            {
                var (code, n) = codes[(context << 8) | b];
                acc = (acc << n) | code;
                have += n;
                while (have >= 8)
                {
                    have -= 8;
                    packed[at++] = (byte)(acc >> have);
                }

                context = ContextTable[b];
            }

            if (have > 0)
            {
                packed[at] = (byte)(acc << (8 - have));
            }

            return packed;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The text of a packed value (<see cref="Pack"/>); throws <see cref="InvalidDataException"/> for one that is not.</summary>
    public static string Unpack(ReadOnlySpan<byte> packed)
    {
        if (packed.Length < 2 || packed[0] >> 3 != Format1)
        {
            throw new InvalidDataException("A packed text has an unknown format.");
        }

        var total = ((long)(packed.Length - 1) * 8) - (packed[0] & 7);
        byte[]? rented = null;
        var max = (int)Math.Min(total, int.MaxValue);
        var output = max <= 4096 ? stackalloc byte[4096] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var decode = Decode;
            ulong acc = 0;
            var have = 0; // bits in acc
            var at = 1;
            long used = 0;
            var n = 0;
            var context = 26;
            while (used < total)
            {
                while (have <= 56)
                {
                    acc = (acc << 8) | (at < packed.Length ? packed[at] : 0u);
                    at++;
                    have += 8;
                }

                var e = decode[(context << MaxBits) | (int)((acc >> (have - MaxBits)) & ((1 << MaxBits) - 1))];
                var bits = e >> 8;
                have -= bits;
                used += bits;
                var b = (byte)e;
                output[n++] = b;
                context = ContextTable[b];
            }

            if (used != total)
            {
                throw new InvalidDataException("A packed text ends inside a code.");
            }

            return Encoding.UTF8.GetString(output[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
