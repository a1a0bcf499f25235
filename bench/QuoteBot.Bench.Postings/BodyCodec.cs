using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Bench.Postings;

/// <summary>How quote bodies (text, title, outlet, link, date) are stored.</summary>
public enum BodyFormat
{
    /// <summary>UTF-8 as given.</summary>
    Plain = 0,

    /// <summary>Each row Deflate-compressed on its own (short rows compress poorly without a shared dictionary).</summary>
    Deflate = 1,

    /// <summary>Text, title and outlet as ids into a shared table of surface words (<see cref="BodyCodec"/>).</summary>
    Words = 2,
}

/// <summary>
/// Quote bodies: the first byte names the <see cref="BodyFormat"/>. <see cref="BodyFormat.Words"/> cuts text into
/// runs of letters/digits and runs of other characters and stores each run as a varint id into one shared table of
/// distinct runs (exact surface forms, case and punctuation kept, so decoding gives back the same string); a word
/// followed by a single space carries that space in its low bit. Ids are given in first-seen order, so common words
/// get short ids. The link stays UTF-8 (links are mostly unique), the date is a day number.
/// </summary>
internal sealed class BodyCodec
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _runs = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public BodyCodec(BodyFormat format, IEnumerable<string>? runs = null)
    {
        Format = format;
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var r in runs ?? [])
        {
            _ids[r] = _runs.Count;
            _runs.Add(r);
        }
    }

    public BodyFormat Format { get; }

    /// <summary>The shared runs, by id (stored with the segment).</summary>
    public IReadOnlyList<string> Runs => _runs;

    public byte[] Encode(NewQuote q)
    {
        var date = q.Source.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        if (Format != BodyFormat.Words)
        {
            var plain = Encoding.UTF8.GetBytes(string.Join('\u001f', q.Text, q.Source.Title ?? "", q.Source.Outlet ?? "", q.Source.Url ?? "", date));
            if (Format == BodyFormat.Deflate)
            {
                using var ms = new MemoryStream(plain.Length);
                ms.WriteByte((byte)BodyFormat.Deflate);
                using (var z = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                {
                    z.Write(plain);
                }

                if (ms.Length < plain.Length + 1)
                {
                    return ms.ToArray();
                }
            }

            var raw = new byte[plain.Length + 1];
            plain.CopyTo(raw, 1);
            return raw;
        }

        var buf = new ByteBuffer(128);
        buf.Add((byte)BodyFormat.Words);
        var part = new ByteBuffer(128);
        foreach (var field in new[] { q.Text, q.Source.Title, q.Source.Outlet })
        {
            part.Clear();
            EncodeRuns(field ?? "", part);
            Varint.Write(buf, part.Count);
            buf.AddRange(part.Span);
        }

        var url = Encoding.UTF8.GetBytes(q.Source.Url ?? "");
        Varint.Write(buf, url.Length);
        buf.AddRange(url);
        Varint.Write(buf, q.Source.Published is { } d ? d.DayNumber + 1 : 0);
        return buf.ToArray();
    }

    public (string Text, string Title, string Outlet, string Url, string Date) Decode(ReadOnlySpan<byte> body)
    {
        if ((BodyFormat)body[0] != BodyFormat.Words)
        {
            string plain;
            if ((BodyFormat)body[0] == BodyFormat.Deflate)
            {
                using var z = new DeflateStream(new MemoryStream(body[1..].ToArray()), CompressionMode.Decompress);
                using var reader = new StreamReader(z, Encoding.UTF8);
                plain = reader.ReadToEnd();
            }
            else
            {
                plain = Encoding.UTF8.GetString(body[1..]);
            }

            var p = plain.Split('\u001f');
            return (p[0], p[1], p[2], p[3], p[4]);
        }

        var at = 1;
        var fields = new string[3];
        var sb = new StringBuilder(256);
        for (var f = 0; f < 3; f++)
        {
            var end = Varint.Read(body, ref at);
            end += at;
            sb.Clear();
            while (at < end)
            {
                var code = Varint.Read(body, ref at);
                sb.Append(_runs[code >> 1]);
                if ((code & 1) != 0)
                {
                    sb.Append(' ');
                }
            }

            fields[f] = sb.ToString();
        }

        var urlLength = Varint.Read(body, ref at);
        var url = Encoding.UTF8.GetString(body.Slice(at, urlLength));
        at += urlLength;
        var day = Varint.Read(body, ref at);
        var date = day == 0 ? "" : DateOnly.FromDayNumber(day - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (fields[0], fields[1], fields[2], url, date);
    }

    private void EncodeRuns(string s, ByteBuffer into)
    {
        var i = 0;
        while (i < s.Length)
        {
            var word = char.IsLetterOrDigit(s[i]);
            var j = i + 1;
            while (j < s.Length && char.IsLetterOrDigit(s[j]) == word)
            {
                j++;
            }

            var id = Id(s.AsSpan(i, j - i));
            var space = word && j < s.Length && s[j] == ' ' && (j + 1 == s.Length || char.IsLetterOrDigit(s[j + 1]));
            Varint.Write(into, (id << 1) | (space ? 1 : 0));
            i = space ? j + 1 : j;
        }
    }

    private int Id(ReadOnlySpan<char> run)
    {
        var lookup = _lookup;
        if (lookup.TryGetValue(run, out var id))
        {
            return id;
        }

        lock (_gate)
        {
            if (!lookup.TryGetValue(run, out id))
            {
                id = _runs.Count;
                var text = run.ToString();
                _runs.Add(text);
                _ids[text] = id;
            }

            return id;
        }
    }
}
