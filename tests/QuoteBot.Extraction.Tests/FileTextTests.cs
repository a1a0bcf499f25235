using System.Text;
using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The chunked file reader (<see cref="FileText"/>) against the whole-file reference it replaced
/// (<c>File.ReadAllBytes</c> then <see cref="ArticleLoader.TryDecode"/>): the same text or the same refusal for every
/// file, with chunks small enough that characters, BOMs, NUL bytes and bad sequences fall on every chunk boundary.
/// </summary>
public sealed class FileTextTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qb-filetext-" + Guid.NewGuid().ToString("N"));

    public FileTextTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Pieces =
    [
        "a", "Z", " ", "\n", "\r\n", "\u00E9", "\u00DF", "\u201C", "\u201D", "\u2014", "\u20AC", "\uFEFF", "\U0001F600", "\U00010348",
        "\u0416", "\u4E2D", "said", "\"Quote,\" she said.",
    ];

    // Byte strings that are not well-formed UTF-8 (lone continuation, overlong, surrogate, beyond U+10FFFF, cut lead bytes).
    private static readonly byte[][] Bad =
    [
        [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF], [0xC3],
    ];

    private (bool Ok, string Content, string Reason) Reference(byte[] bytes)
    {
        var ok = ArticleLoader.TryDecode(bytes, out var content, out var reason);
        return (ok, content, reason);
    }

    private (bool Ok, string Content, string Reason) Chunked(string path, int chunk)
    {
        var ok = FileText.TryRead(path, out var content, out var reason, chunk);
        return (ok, content, reason);
    }

    private string Save(byte[] bytes)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] RandomFile(Random rng, int pieces, bool bom, bool doubleBom, int nuls, int bads)
    {
        var sb = new StringBuilder();
        if (doubleBom)
        {
            sb.Append('\uFEFF');
        }

        for (var i = 0; i < pieces; i++)
        {
            sb.Append(Pieces[rng.Next(Pieces.Length)]);
        }

        var bytes = new List<byte>(Encoding.UTF8.GetBytes(sb.ToString()));
        for (var i = 0; i < nuls && bytes.Count > 0; i++)
        {
            bytes.Insert(rng.Next(bytes.Count + 1), 0);
        }

        for (var i = 0; i < bads; i++)
        {
            bytes.InsertRange(rng.Next(bytes.Count + 1), Bad[rng.Next(Bad.Length)]);
        }

        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : [.. bytes];
    }

    [Fact]
    public void RandomFiles_SameAnswerAsWholeFileDecode()
    {
        var rng = new Random(20261207);
        var refused = 0;
        for (var round = 0; round < 600; round++)
        {
            var kind = round % 6;
            var bytes = RandomFile(rng, rng.Next(0, 400), bom: rng.Next(3) == 0, doubleBom: rng.Next(8) == 0,
                nuls: kind == 4 ? rng.Next(1, 3) : 0, bads: kind == 5 ? rng.Next(1, 3) : kind == 4 && rng.Next(2) == 0 ? 1 : 0);
            var path = Save(bytes);
            var expected = Reference(bytes);
            foreach (var chunk in new[] { 4, 5, 7, 16, 61, FileText.DefaultChunk })
            {
                var actual = Chunked(path, chunk);
                Assert.True(expected == actual, $"round {round}, chunk {chunk}, {bytes.Length} bytes: expected {Show(expected)}, got {Show(actual)}");
            }

            refused += expected.Ok ? 0 : 1;
        }

        Assert.InRange(refused, 100, 500); // both kinds of answer were compared
    }

    [Fact]
    public void EveryCutThroughAFourByteCharacter_DecodedWhole()
    {
        // A 4-byte character at every offset across a chunk boundary, with and without a BOM in front.
        foreach (var bom in new[] { false, true })
        {
            for (var before = 0; before < 12; before++)
            {
                byte[] bytes = [.. (bom ? new byte[] { 0xEF, 0xBB, 0xBF } : []), .. Encoding.UTF8.GetBytes(new string('x', before) + "\U0001F600\u00E9 end")];
                var path = Save(bytes);
                var expected = Reference(bytes);
                Assert.True(expected.Ok);
                foreach (var chunk in new[] { 4, 5, 6, 7, 8 })
                {
                    Assert.Equal(expected, Chunked(path, chunk));
                }
            }
        }
    }

    [Fact]
    public void NulAfterBadBytesInALaterChunk_StillBinary()
    {
        // The whole-file check looks for NUL bytes before it decodes: bad UTF-8 early and a NUL late is "binary".
        byte[] bytes = [0x41, 0xFF, .. Encoding.UTF8.GetBytes(new string('a', 100)), 0x00, 0x42];
        var path = Save(bytes);
        Assert.Equal((false, string.Empty, "binary file (contains NUL bytes)"), Chunked(path, 8));
        Assert.Equal(Reference(bytes), Chunked(path, 8));
    }

    [Fact]
    public void LargeFile_DefaultChunk_SameText()
    {
        var rng = new Random(7);
        var bytes = RandomFile(rng, 200_000, bom: true, doubleBom: false, nuls: 0, bads: 0);
        Assert.True(bytes.Length > 4 * FileText.DefaultChunk);
        var path = Save(bytes);
        var (ok, content, _) = Chunked(path, FileText.DefaultChunk);
        Assert.True(ok);
        Assert.Equal(Reference(bytes).Content, content);
        Assert.Equal(content, ArticleLoader.LoadFile(path).Articles[0].Text);
    }

    [Fact]
    public void MissingFile_ThrowsAsReadAllBytes()
    {
        var path = Path.Combine(_dir, "missing.txt");
        var expected = Assert.Throws<FileNotFoundException>(() => File.ReadAllBytes(path));
        var actual = Assert.Throws<FileNotFoundException>(() => FileText.TryRead(path, out _, out _));
        Assert.Equal(expected.Message, actual.Message);
    }

    private static string Show((bool Ok, string Content, string Reason) r) => $"({r.Ok}, {r.Content.Length} chars, \"{r.Reason}\")";
}
