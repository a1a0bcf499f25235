using System.Globalization;
using System.Text;

namespace QuoteBot.Telegram.Tests.Fakes;

/// <summary>
/// Parses text as Telegram's HTML parse mode does, and as strictly: only the supported tags (with their allowed
/// attributes), properly nested and closed; only &amp;lt; &amp;gt; &amp;amp; &amp;quot; and numeric entities; no raw
/// '&lt;', '&gt;' or '&amp;'. Returns the visible text, or the error Telegram would give.
/// </summary>
public static class TelegramHtmlChecker
{
    private static readonly HashSet<string> Tags = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler", "span"];

    public sealed record Parsed(string? Text, string? Error, IReadOnlyList<string> Links);

    public static Parsed Parse(string html)
    {
        var sb = new StringBuilder();
        var stack = new Stack<string>();
        var links = new List<string>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return Fail($"unclosed start tag at byte offset {i}");
                }

                var inner = html[(i + 1)..end];
                if (inner.StartsWith('/'))
                {
                    var name = inner[1..].Trim().ToLowerInvariant();
                    if (stack.Count == 0 || stack.Peek() != name)
                    {
                        return Fail($"unmatched end tag at byte offset {i}, expected \"</{(stack.Count > 0 ? stack.Peek() : string.Empty)}>\", found \"</{name}>\"");
                    }

                    stack.Pop();
                }
                else
                {
                    var (name, attrs, error) = ReadTag(inner);
                    if (error is not null)
                    {
                        return Fail(error);
                    }

                    if (!Tags.Contains(name))
                    {
                        return Fail($"unsupported start tag \"{name}\" at byte offset {i}");
                    }

                    switch (name)
                    {
                        case "a":
                            if (!attrs.TryGetValue("href", out var href) || attrs.Count != 1)
                            {
                                return Fail("a tag needs exactly one href attribute");
                            }

                            links.Add(href);
                            break;
                        case "span":
                            if (!attrs.TryGetValue("class", out var cls) || cls != "tg-spoiler" || attrs.Count != 1)
                            {
                                return Fail("tag \"span\" must have class \"tg-spoiler\"");
                            }

                            break;
                        case "code":
                        case "blockquote":
                            if (attrs.Keys.Any(k => k is not ("class" or "expandable")))
                            {
                                return Fail($"unsupported attribute on \"{name}\"");
                            }

                            break;
                        default:
                            if (attrs.Count > 0)
                            {
                                return Fail($"tag \"{name}\" takes no attributes");
                            }

                            break;
                    }

                    stack.Push(name);
                }

                i = end + 1;
            }
            else if (c == '&')
            {
                var (decoded, length) = ReadEntity(html, i);
                if (decoded is null)
                {
                    return Fail($"unsupported entity at byte offset {i}");
                }

                sb.Append(decoded);
                i += length;
            }
            else if (c == '>')
            {
                return Fail($"unexpected '>' at byte offset {i}");
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        if (stack.Count > 0)
        {
            return Fail($"can't find end tag corresponding to start tag \"{stack.Peek()}\"");
        }

        return new Parsed(sb.ToString(), null, links);

        static Parsed Fail(string why) => new(null, "Bad Request: can't parse entities: " + why, []);
    }

    private static (string Name, Dictionary<string, string> Attrs, string? Error) ReadTag(string inner)
    {
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        var j = 0;
        while (j < inner.Length && (char.IsAsciiLetterOrDigit(inner[j]) || inner[j] == '-'))
        {
            j++;
        }

        var name = inner[..j].ToLowerInvariant();
        if (name.Length == 0)
        {
            return (name, attrs, "empty tag name");
        }

        while (j < inner.Length)
        {
            while (j < inner.Length && inner[j] == ' ')
            {
                j++;
            }

            if (j >= inner.Length)
            {
                break;
            }

            var k = j;
            while (k < inner.Length && (char.IsAsciiLetterOrDigit(inner[k]) || inner[k] == '-'))
            {
                k++;
            }

            var attr = inner[j..k].ToLowerInvariant();
            if (attr.Length == 0)
            {
                return (name, attrs, "bad attribute");
            }

            if (k >= inner.Length || inner[k] != '=')
            {
                attrs[attr] = string.Empty;
                j = k;
                continue;
            }

            k++;
            if (k >= inner.Length || inner[k] is not ('"' or '\''))
            {
                return (name, attrs, "attribute value must be quoted");
            }

            var quote = inner[k];
            var close = inner.IndexOf(quote, k + 1);
            if (close < 0)
            {
                return (name, attrs, "unclosed attribute value");
            }

            var raw = inner[(k + 1)..close];
            var value = new StringBuilder();
            for (var p = 0; p < raw.Length;)
            {
                if (raw[p] == '&')
                {
                    var (decoded, length) = ReadEntity(raw, p);
                    if (decoded is null)
                    {
                        return (name, attrs, "unsupported entity in attribute");
                    }

                    value.Append(decoded);
                    p += length;
                }
                else if (raw[p] is '<' or '>')
                {
                    return (name, attrs, "raw angle bracket in attribute");
                }
                else
                {
                    value.Append(raw[p]);
                    p++;
                }
            }

            attrs[attr] = value.ToString();
            j = close + 1;
        }

        return (name, attrs, null);
    }

    private static (string? Decoded, int Length) ReadEntity(string s, int at)
    {
        var semi = s.IndexOf(';', at);
        if (semi < 0 || semi - at > 12)
        {
            return (null, 0);
        }

        var body = s[(at + 1)..semi];
        var length = semi - at + 1;
        switch (body)
        {
            case "lt": return ("<", length);
            case "gt": return (">", length);
            case "amp": return ("&", length);
            case "quot": return ("\"", length);
        }

        if (body.StartsWith('#'))
        {
            var hex = body.StartsWith("#x", StringComparison.OrdinalIgnoreCase);
            var digits = hex ? body[2..] : body[1..];
            if (digits.Length > 0 && int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is > 0 and <= 0x10FFFF && code is < 0xD800 or > 0xDFFF)
            {
                return (char.ConvertFromUtf32(code), length);
            }
        }

        return (null, 0);
    }
}
