using System.Globalization;
using QuoteBot.Core.Text;

namespace QuoteBot.Core.Model;

/// <summary>
/// The one set of rules every quote obeys, whichever way it comes in (chat, CLI, article import, export import,
/// sample corpus, migrate): lengths, http(s) links only, scope syntax, id range, and no control characters, direction
/// overrides or broken Unicode. Callers check first to give a per-item reason; every store enforces the same rules
/// again (<see cref="InvalidQuoteException"/>), so nothing can bypass them.
/// </summary>
/// <remarks>A check returns null when the value is fine, else one plain sentence fragment saying what is wrong,
/// such as "the text is too long (5,000 characters; at most 2,000)".</remarks>
public static class QuoteRules
{
    public const int MaxTextLength = 2000;
    public const int MaxSpeakerLength = 100;
    public const int MaxOutletLength = 200;
    public const int MaxTitleLength = 500;
    public const int MaxUrlLength = 2048;
    public const int MaxParagraphLength = 20_000;
    public const int MaxAudienceLength = 200;
    public const int MaxActorLength = 200;

    /// <summary>
    /// The highest id a quote from outside (an export import, migrate) may bring; ids run from 1. It keeps imported ids
    /// far from the engines' limit (2^63 - 1), so the ids the store hands out afterwards, which continue after the
    /// highest one, never run out.
    /// </summary>
    public const long MaxId = 1_000_000_000_000;

    /// <summary>The scope syntax, for messages.</summary>
    public const string ScopeSyntax = "global, tg:<chat id> or dc:<guild id>";

    /// <summary>The quote's own text: required, with a letter or digit, one to <see cref="MaxTextLength"/> characters; line breaks allowed.</summary>
    public static string? CheckText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the text is empty";
        }

        return CheckChars("text", text, multiline: true)
            ?? CheckLength("text", text, MaxTextLength)
            ?? (TextFolding.HasFoldedContent(text) ? null : "the text has no letters or digits");
    }

    /// <summary>A speaker's name: one line of at most <see cref="MaxSpeakerLength"/> characters; null is "no speaker".</summary>
    public static string? CheckSpeaker(string? speaker)
    {
        if (speaker is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(speaker))
        {
            return "the speaker is empty";
        }

        return CheckChars("speaker", speaker, multiline: false) ?? CheckLength("speaker", speaker, MaxSpeakerLength);
    }

    /// <summary>A source link: an absolute http(s) URL of at most <see cref="MaxUrlLength"/> characters; null is "no link".</summary>
    public static string? CheckUrl(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var problem = CheckChars("source link", url, multiline: false) ?? CheckLength("source link", url, MaxUrlLength);
        if (problem is not null)
        {
            return problem;
        }

        return IsHttpUrl(url) ? null : "the source link must be a http(s) link, like https://example.com/article";
    }

    /// <summary>Only absolute http(s) links with a host, and without spaces, are links.</summary>
    public static bool IsHttpUrl(string? url) =>
        url is not null
        && url.Length <= MaxUrlLength
        && !HasWhiteSpace(url)
        && Uri.TryCreate(url, UriKind.Absolute, out var u)
        && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
        && u.Host.Length > 0;

    private static bool HasWhiteSpace(string text)
    {
        foreach (var ch in text) // a loop over the string: no enumerator object per link (a bulk import checks a million)
        {
            if (char.IsWhiteSpace(ch))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A scope key: "global", "tg:&lt;chat id&gt;" (a signed 64-bit number) or "dc:&lt;guild id&gt;" (unsigned).</summary>
    public static bool IsValidScope(string? key)
    {
        if (key is null)
        {
            return false;
        }

        if (key == "global")
        {
            return true;
        }

        var digits = key.Length > 3 ? key.AsSpan(3) : [];
        if (key.StartsWith("tg:", StringComparison.Ordinal))
        {
            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chat)
                && chat != 0 && digits.ToString() == chat.ToString(CultureInfo.InvariantCulture);
        }

        if (key.StartsWith("dc:", StringComparison.Ordinal))
        {
            return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var guild)
                && guild != 0 && digits.ToString() == guild.ToString(CultureInfo.InvariantCulture);
        }

        return false;
    }

    public static string? CheckScope(string? key) =>
        IsValidScope(key) ? null : $"the scope “{Shorten(key ?? string.Empty)}” is not {ScopeSyntax}";

    /// <summary>Ids run from 1 to <see cref="MaxId"/>.</summary>
    public static string? CheckId(long id) =>
        id is >= 1 and <= MaxId ? null : string.Create(CultureInfo.InvariantCulture, $"the id {id} is out of range (ids run from 1 to {MaxId})");

    /// <summary>Every field of a quote about to be added (the speaker may be absent).</summary>
    public static string? Check(NewQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return CheckText(quote.Text)
            ?? CheckSpeaker(quote.Speaker)
            ?? CheckSource(quote.Source)
            ?? CheckContext(quote.Context)
            ?? CheckScope(quote.Scope.Key)
            ?? CheckActor(quote.AddedBy);
    }

    /// <summary>Every field of a quote with its id and status, as restored from an export or copied by migrate.</summary>
    public static string? Check(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return CheckId(quote.Id)
            ?? (Enum.IsDefined(quote.Status) ? null : "the status is unknown")
            ?? CheckText(quote.Text)
            ?? CheckSpeaker(quote.Speaker)
            ?? CheckSource(quote.Source)
            ?? CheckContext(quote.Context)
            ?? CheckScope(quote.Scope.Key)
            ?? CheckActor(quote.AddedBy);
    }

    /// <summary>The parts an edit changes. An empty speaker or link (after trimming) clears it.</summary>
    public static string? Check(QuoteEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return (edit.Text is null ? null : CheckText(edit.Text))
            ?? (string.IsNullOrWhiteSpace(edit.Speaker) ? null : CheckSpeaker(edit.Speaker))
            ?? (string.IsNullOrWhiteSpace(edit.SourceUrl) ? null : CheckUrl(edit.SourceUrl));
    }

    /// <summary>Throws <see cref="InvalidQuoteException"/> when <paramref name="quote"/> breaks a rule.</summary>
    public static void Ensure(NewQuote quote)
    {
        if (Check(quote) is { } problem)
        {
            throw new InvalidQuoteException(problem);
        }
    }

    /// <inheritdoc cref="Ensure(NewQuote)"/>
    public static void Ensure(Quote quote)
    {
        if (Check(quote) is { } problem)
        {
            throw new InvalidQuoteException(problem, quote.Id);
        }
    }

    /// <inheritdoc cref="Ensure(NewQuote)"/>
    public static void Ensure(QuoteEdit edit)
    {
        if (Check(edit) is { } problem)
        {
            throw new InvalidQuoteException(problem);
        }
    }

    /// <summary>"The text is empty." from "the text is empty": a reason as a sentence of its own.</summary>
    public static string Sentence(string reason) =>
        reason.Length == 0 ? reason : char.ToUpperInvariant(reason[0]) + reason[1..] + (reason.EndsWith('.') ? string.Empty : ".");

    private static string? CheckSource(QuoteSource? source)
    {
        if (source is null)
        {
            return null;
        }

        return CheckOptionalLine("outlet", source.Outlet, MaxOutletLength)
            ?? CheckOptionalLine("title", source.Title, MaxTitleLength)
            ?? CheckUrl(source.Url);
    }

    private static string? CheckContext(QuoteContext? context)
    {
        if (context is null)
        {
            return null;
        }

        return CheckOptionalText("context paragraph", context.Paragraph, MaxParagraphLength)
            ?? CheckOptionalText("paragraph before", context.Before, MaxParagraphLength)
            ?? CheckOptionalText("paragraph after", context.After, MaxParagraphLength)
            ?? CheckOptionalLine("audience", context.Audience, MaxAudienceLength);
    }

    internal static string? CheckActor(string? addedBy)
    {
        if (string.IsNullOrWhiteSpace(addedBy))
        {
            return "the quote has no “added by”";
        }

        return CheckOptionalLine("“added by”", addedBy, MaxActorLength);
    }

    internal static string? CheckOptionalLine(string field, string? value, int max) =>
        value is null ? null : CheckChars(field, value, multiline: false) ?? CheckLength(field, value, max);

    private static string? CheckOptionalText(string field, string? value, int max) =>
        value is null ? null : CheckChars(field, value, multiline: true) ?? CheckLength(field, value, max);

    internal static string? CheckLength(string field, string value, int max) =>
        value.Length <= max ? null : string.Create(CultureInfo.InvariantCulture, $"the {field} is too long ({value.Length:N0} characters; at most {max:N0})");

    /// <summary>No control characters (line breaks and tabs only where several lines are allowed), no direction
    /// overrides, embeddings or isolates (U+202A–U+202E, U+2066–U+2069), no lone surrogates.</summary>
    internal static string? CheckChars(string field, string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"the {field} contains broken Unicode (a lone surrogate)";
            }

            if (char.IsControl(c))
            {
                if (multiline && c is '\n' or '\r' or '\t')
                {
                    continue;
                }

                return c is '\n' or '\r'
                    ? $"the {field} must be one line"
                    : $"the {field} contains a control character ({CodePoint(c)})";
            }

            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return $"the {field} contains an invisible text-direction control ({CodePoint(c)})";
            }
        }

        return null;
    }

    private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>A quote breaks one of the <see cref="QuoteRules"/>; every store throws this and changes nothing.</summary>
public sealed class InvalidQuoteException : ArgumentException
{
    public InvalidQuoteException()
    {
        Reason = string.Empty;
    }

    public InvalidQuoteException(string reason)
        : base(QuoteRules.Sentence(reason))
    {
        Reason = reason;
    }

    public InvalidQuoteException(string reason, Exception innerException)
        : base(QuoteRules.Sentence(reason), innerException)
    {
        Reason = reason;
    }

    public InvalidQuoteException(string reason, long quoteId)
        : base(string.Create(CultureInfo.InvariantCulture, $"Quote #{quoteId}: {reason}."))
    {
        Reason = reason;
        QuoteId = quoteId;
    }

    /// <summary>What is wrong, as a sentence fragment ("the text is empty").</summary>
    public string Reason { get; }

    /// <summary>The quote's id, when it has one.</summary>
    public long? QuoteId { get; }
}
