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

    /// <summary>Parses; returns an error line instead when the input cannot be a quote.</summary>
    public static (QuoteInput? Input, string? Error) Parse(string? args, bool requireText, string usage)
    {
        var s = Clean(args ?? string.Empty);
        string? url = null;
        var bar = s.LastIndexOf(" | ", StringComparison.Ordinal);
        if (bar < 0 && s.StartsWith("| ", StringComparison.Ordinal))
        {
            bar = -1;
            url = s[2..].Trim();
            s = string.Empty;
        }
        else if (bar >= 0)
        {
            url = s[(bar + 3)..].Trim();
            s = s[..bar].Trim();
        }

        if (url is not null && !ReplyButtons.IsHttpUrl(url))
        {
            return (null, "The source must be a http(s) link, like | https://example.com/article");
        }

        string? text = null;
        string? speaker = null;
        if (s.Length > 0 && IsOpenQuote(s[0]))
        {
            var close = FindClose(s);
            if (close < 0)
            {
                return (null, "The quote's closing mark is missing. " + usage);
            }

            text = s[1..close].Trim();
            var rest = s[(close + 1)..].Trim();
            if (rest.Length > 0)
            {
                if (rest[0] is not ('-' or '\u2014' or '\u2013'))
                {
                    return (null, usage);
                }

                speaker = rest[1..].Trim();
            }
        }
        else if (s.StartsWith("- ", StringComparison.Ordinal) || s.StartsWith('\u2014'))
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

        if (text is { Length: 0 })
        {
            text = null;
        }

        if (speaker is { Length: 0 })
        {
            speaker = null;
        }

        if (requireText && (text is null || speaker is null))
        {
            return (null, usage);
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

        return (new QuoteInput(text, speaker, url), null);
    }

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
            if (matches && (i == s.Length - 1 || s[(i + 1)..].TrimStart() is var rest && (rest.Length == 0 || rest[0] is '-' or '\u2014' or '\u2013')))
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
