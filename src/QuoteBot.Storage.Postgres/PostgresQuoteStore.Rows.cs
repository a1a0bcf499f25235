using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres;

/// <summary>Row mapping: reading quotes rows into <see cref="Quote"/> and the values written for one.</summary>
public sealed partial class PostgresQuoteStore
{
    private static async Task<Quote?> GetQuoteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long id, bool forUpdate, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM quotes WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        var list = await ReadQuotesAsync(cmd, ct);
        return list.Count == 0 ? null : list[0];
    }

    internal static async Task<List<Quote>> ReadQuotesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<Quote>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(ReadQuote(r));
        }

        return list;
    }

    private static Quote ReadQuote(NpgsqlDataReader r)
    {
        string? Str(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var paragraph = Str(8);
        return new Quote
        {
            Id = r.GetInt64(0),
            Text = r.GetString(1),
            Speaker = Str(2),
            SpeakerKey = r.GetString(3),
            Source = new QuoteSource(Str(4), Str(5), Str(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateOnly>(7)),
            Context = paragraph is null ? null : new QuoteContext(paragraph, Str(9), Str(10), Str(11)),
            Scope = new Scope(r.GetString(12)),
            AddedBy = r.GetString(13),
            AddedAt = TimeParts.Join(r.GetFieldValue<DateTime>(14), r.GetInt16(15), r.GetInt16(16)),
            Status = (QuoteStatus)r.GetInt16(17),
            DedupeKey = r.GetString(18),
        };
    }

    /// <summary>
    /// PostgreSQL text holds neither NUL characters nor unpaired UTF-16 surrogates: NUL is dropped and a lone
    /// surrogate becomes U+FFFD, so odd input is stored instead of failing the whole transaction.
    /// </summary>
    internal static string Clean(string s)
    {
        var ok = true;
        for (var i = 0; i < s.Length && ok; i++)
        {
            var c = s[i];
            if (c == '\0')
            {
                ok = false;
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    i++;
                }
                else
                {
                    ok = false;
                }
            }
            else if (char.IsLowSurrogate(c))
            {
                ok = false;
            }
        }

        if (ok)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append('\uFFFD');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string? CleanOrNull(string? s) => s is null ? null : Clean(s);

    internal static Quote CleanQuote(Quote q) => q with
    {
        Text = Clean(q.Text),
        Speaker = CleanOrNull(q.Speaker),
        Source = new QuoteSource(CleanOrNull(q.Source.Outlet), CleanOrNull(q.Source.Title), CleanOrNull(q.Source.Url), q.Source.Published),
        Context = q.Context is null ? null : new QuoteContext(Clean(q.Context.Paragraph), CleanOrNull(q.Context.Before), CleanOrNull(q.Context.After), CleanOrNull(q.Context.Audience)),
        AddedBy = Clean(q.AddedBy),
        SpeakerKey = TextFolding.SpeakerKey(CleanOrNull(q.Speaker)),
        DedupeKey = TextFolding.DedupeKey(Clean(q.Text), CleanOrNull(q.Speaker)),
    };

    internal static byte[] Sha256(string s) => SHA256.HashData(Encoding.UTF8.GetBytes(s));

    /// <summary>A quote ready to write, with what the database needs beside it.</summary>
    /// <summary>Each row's pair keys (see <see cref="Lexicon"/>), in the order of <paramref name="rows"/>.</summary>
    private async Task<int[][]> PairsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var lexicon = await _lexicon.LookUpAsync(conn, tx, rows.SelectMany(r => Lexicon.Words(r.FoldedText, r.FoldedSpeaker, r.FoldedTitle)), ct);
        return rows.Select(r => Lexicon.PairKeys(lexicon, r.FoldedText, r.FoldedSpeaker, r.FoldedTitle)).ToArray();
    }

    private sealed class Row
    {
        private Row(Quote quote)
        {
            Quote = quote;
            DedupeHash = Sha256(quote.DedupeKey);
            DedupeSlot = Slot(quote.Scope.Key, DedupeHash);
            FoldedText = TextFolding.Fold(quote.Text);
            FoldedSpeaker = (TextFolding.Fold(quote.Speaker) + " " + quote.SpeakerKey).Trim();
            FoldedTitle = TextFolding.Fold(quote.Source.Title);
        }

        public Quote Quote { get; private init; }
        public byte[] DedupeHash { get; private init; }
        public string DedupeSlot { get; private init; }
        public string FoldedText { get; private init; }
        public string FoldedSpeaker { get; private init; }
        public string FoldedTitle { get; private init; }

        public static string Slot(string scope, byte[] hash) => scope + "\n" + Convert.ToHexString(hash);

        public static Row FromNew(NewQuote nq)
        {
            ArgumentNullException.ThrowIfNull(nq);
            NewQuoteRules.Check(nq);
            QuoteRules.Ensure(nq);

            // Cleaned before folding: TextFolding cannot normalize a lone surrogate.
            var clean = nq with
            {
                Text = Clean(nq.Text),
                Speaker = CleanOrNull(nq.Speaker),
                AddedBy = Clean(nq.AddedBy ?? Actor.System.Id),
            };
            return new Row(CleanQuote(clean.ToQuote(0)));
        }

        public static Row From(Quote q) => new(q);

        public Row WithId(long id) => new(Quote with { Id = id });
    }
}
