using System.Globalization;
using System.Text;

namespace QuoteBot.Core.Commands;

/// <summary>
/// Packs a <see cref="ReplyAction"/> into a short string for Telegram callback data (64 bytes) or Discord custom ids
/// (100 characters). Everything needed travels in the string, so buttons keep working after a restart. Long queries
/// are cut at a character boundary.
/// </summary>
public static class ActionCodec
{
    public const int TelegramMaxBytes = 64;
    public const int DiscordMaxChars = 100;

    public static string Encode(ReplyAction action, int maxBytes = TelegramMaxBytes)
    {
        var (prefix, query) = action switch
        {
            AnotherAction a => ("n:", a.Query),
            ContextAction c => ("c:" + c.QuoteId.ToString(CultureInfo.InvariantCulture), string.Empty),
            CardAction k => ("k:" + k.QuoteId.ToString(CultureInfo.InvariantCulture), string.Empty),
            PageAction p => ("p:" + p.Offset.ToString(CultureInfo.InvariantCulture) + ":", p.Query),
            ReviewAction r => ("r:" + VerbCode(r.Verb) + r.QuoteId.ToString(CultureInfo.InvariantCulture), string.Empty),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown action"),
        };
        return prefix + FitQuery(query, maxBytes - Encoding.UTF8.GetByteCount(prefix));
    }

    /// <summary>
    /// The query as the user typed it when it fits; otherwise its canonical form if that is shorter (the same query in
    /// fewer bytes: folded words, single spaces), so a button repeats a cut query only when even that is too long.
    /// </summary>
    private static string FitQuery(string query, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(query) > maxBytes
            && Search.QueryParser.Parse(query).Query?.ToCanonicalString() is { Length: > 0 } canonical
            && Encoding.UTF8.GetByteCount(canonical) < Encoding.UTF8.GetByteCount(query))
        {
            query = canonical;
        }

        return Fit(query, maxBytes);
    }

    /// <summary>Decodes what <see cref="Encode"/> made; null for anything else (old or forged data).</summary>
    public static ReplyAction? Decode(string? data)
    {
        if (string.IsNullOrEmpty(data) || data.Length < 2 || data[1] != ':')
        {
            return null;
        }

        var body = data[2..];
        switch (data[0])
        {
            case 'n':
                return new AnotherAction(body);
            case 'c':
                return long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? new ContextAction(id) : null;
            case 'k':
                return long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var cardId) ? new CardAction(cardId) : null;
            case 'r':
                return body.Length >= 2 && VerbOf(body[0]) is { } verb
                    && long.TryParse(body.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var reviewId) && reviewId > 0
                    ? new ReviewAction(verb, reviewId)
                    : null;
            case 'p':
                var colon = body.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !int.TryParse(body.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset > 10_000)
                {
                    return null;
                }

                return new PageAction(body[(colon + 1)..], offset);
            default:
                return null;
        }
    }

    /// <summary>One letter per review verb: "r:a42" approves quote 42.</summary>
    private static char VerbCode(ReviewVerb verb) => verb switch
    {
        ReviewVerb.Approve => 'a',
        ReviewVerb.Reject => 'x',
        ReviewVerb.FixSpeaker => 's',
        ReviewVerb.ApproveArticle => 'v',
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, "unknown review verb"),
    };

    private static ReviewVerb? VerbOf(char code) => code switch
    {
        'a' => ReviewVerb.Approve,
        'x' => ReviewVerb.Reject,
        's' => ReviewVerb.FixSpeaker,
        'v' => ReviewVerb.ApproveArticle,
        _ => null,
    };

    private static string Fit(string s, int maxBytes)
    {
        if (maxBytes <= 0)
        {
            return string.Empty;
        }

        if (Encoding.UTF8.GetByteCount(s) <= maxBytes)
        {
            return s;
        }

        var sb = new StringBuilder();
        var used = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }
}
