using System.Text;

namespace QuoteBot.Core.Commands;

/// <summary>The parts of <c>"text" - Speaker | https://source</c>; each may be missing.</summary>
public sealed record QuoteInput(string? Text, string? Speaker, string? SourceUrl);

/// <summary>Parses the argument form shared by /addquote and /editquote.</summary>
public static class QuoteInputParser
{
    public const int MaxTextLength = Model.QuoteRules.MaxTextLength;
    public const int MaxSpeakerLength = Model.QuoteRules.MaxSpeakerLength;
    public const string AddUsage = "Usage: /addquote \"quote text\" - Speaker (optionally | https://source)";
    public const string EditUsage = "Usage: /editquote <id> \"new text\" - New Speaker | https://source (any part may be left out)";

    /// <summary>Said when an added quote has words but no speaker.</summary>
    public const string MissingSpeaker = "Who said it? Add - Speaker after the quote, like /addquote \"text\" - Speaker";

    /// <summary>Said when an added quote has a speaker but no words.</summary>
    public const string MissingText = "What was said? Put the quote first, like /addquote \"text\" - Speaker";

    /// <summary>
    /// Parses; returns an error line instead when the input cannot be a quote. A quote that starts with a quotation
    /// mark is read up to its closing mark first, so a <c>-</c> or <c>|</c> inside it stays part of the text; only
    /// what follows the closing mark can name the speaker (<c>- Speaker</c>) and the source (<c>| link</c>).
    /// </summary>
    public static (QuoteInput? Input, string? Error) Parse(string? args, bool requireText, string usage)
    {
        var s = Clean(args ?? string.Empty);
        string? text = null;
        string? speaker = null;
        string? url = null;
        if (s.Length > 0 && IsOpenQuote(s[0]))
        {
            var close = FindClose(s);
            if (close < 0)
            {
                return (null, "The quote's closing mark is missing. " + usage);
            }

            text = s[1..close].Trim();
            var rest = s[(close + 1)..].Trim();
            if (rest.StartsWith('|'))
            {
                url = rest[1..].Trim();
            }
            else if (rest.Length > 0)
            {
                // FindClose only accepts a closing mark followed by the end, a dash or a bar.
                var tail = rest[1..];
                var bar = tail.LastIndexOf(" | ", StringComparison.Ordinal);
                speaker = bar < 0 ? tail.Trim() : tail[..bar].Trim();
                url = bar < 0 ? null : tail[(bar + 3)..].Trim();
            }
        }
        else
        {
            var bar = s.LastIndexOf(" | ", StringComparison.Ordinal);
            if (bar < 0 && s.StartsWith("| ", StringComparison.Ordinal))
            {
                url = s[2..].Trim();
                s = string.Empty;
            }
            else if (bar >= 0)
            {
                url = s[(bar + 3)..].Trim();
                s = s[..bar].Trim();
            }

            if (s.StartsWith("- ", StringComparison.Ordinal) || s.StartsWith('\u2014'))
            {
                speaker = s[1..].Trim();
            }
            else if (s.Length > 0)
            {
                var dash = LastDash(s);
                if (dash < 0)
                {
                    text = s;
                }
                else
                {
                    text = s[..dash].Trim();
                    speaker = s[(dash + 2)..].Trim();
                }
            }
        }

        if (url is not null && !ReplyButtons.IsHttpUrl(url))
        {
            return (null, "The source must be a http(s) link, like | https://example.com/article");
        }

        return Check(new QuoteInput(text, speaker, url), requireText, usage);
    }

    /// <summary>
    /// Cleans and checks the parts of a quote however they arrived (parsed from a command, or typed values from a
    /// form, slash-command options or the CLI): blank parts become null; an added quote needs text and speaker; an
    /// edit needs at least one part; lengths are capped; a source must be a http(s) link.
    /// </summary>
    public static (QuoteInput? Input, string? Error) Check(QuoteInput input, bool requireText, string usage)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = NullIfEmpty(Clean(input.Text ?? string.Empty));
        var speaker = NullIfEmpty(Clean(input.Speaker ?? string.Empty));
        var url = NullIfEmpty((input.SourceUrl ?? string.Empty).Trim());
        if (requireText && text is null && speaker is null)
        {
            return (null, usage);
        }

        if (requireText && speaker is null)
        {
            return (null, MissingSpeaker);
        }

        if (requireText && text is null)
        {
            return (null, MissingText);
        }

        if (!requireText && text is null && speaker is null && url is null)
        {
            return (null, usage);
        }

        if (text is { Length: > MaxTextLength })
        {
            return (null, $"That quote is too long ({text.Length} characters; at most {MaxTextLength}).");
        }

        if (speaker is { Length: > MaxSpeakerLength })
        {
            return (null, $"That speaker name is too long (at most {MaxSpeakerLength} characters).");
        }

        if (url is not null && !ReplyButtons.IsHttpUrl(url))
        {
            return (null, "The source must be a http(s) link, like https://example.com/article");
        }

        return (new QuoteInput(text, speaker, url), null);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Drops control characters (keeping line breaks) and trims.</summary>
    public static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c == '\t')
            {
                sb.Append(' ');
            }
            else if (c == '\n' || !char.IsControl(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    private static bool IsOpenQuote(char c) => c is '"' or '\u201C' or '\u201E' or '\u00AB';

    private static int FindClose(string s)
    {
        var open = s[0];
        for (var i = s.Length - 1; i > 0; i--)
        {
            var c = s[i];
            var matches = open switch
            {
                '\u00AB' => c == '\u00BB',
                '"' => c is '"' or '\u201D',
                _ => c is '\u201D' or '\u201C' or '"',
            };
            if (matches && (i == s.Length - 1 || s[(i + 1)..].TrimStart() is var rest && (rest.Length == 0 || rest[0] is '-' or '\u2014' or '\u2013' or '|')))
            {
                return i;
            }
        }

        return -1;
    }

    private static int LastDash(string s)
    {
        var i = s.LastIndexOf(" - ", StringComparison.Ordinal);
        var j = s.LastIndexOf(" \u2014 ", StringComparison.Ordinal);
        var k = Math.Max(i, j);
        return k < 0 ? -1 : k + 1;
    }
}
