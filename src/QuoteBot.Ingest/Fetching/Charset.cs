using System.Text;
using System.Text.RegularExpressions;

namespace QuoteBot.Ingest.Fetching;

/// <summary>
/// Decodes a fetched body: a byte order mark wins, then the charset of the Content-Type header, then a
/// <c>&lt;meta charset&gt;</c> (or http-equiv) or an XML declaration in the first bytes, then UTF-8. Legacy code pages
/// (windows-1251, koi8-r, iso-8859-x, ...) are available through <see cref="CodePagesEncodingProvider"/>.
/// </summary>
public static partial class Charset
{
    static Charset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(body[3..]);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(body[2..]);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(body[2..]);
        }

        var encoding = Find(headerCharset) ?? Find(Sniff(body)) ?? Encoding.UTF8;
        return encoding.GetString(body);
    }

    /// <summary>The encoding named in the first 4 KB: a meta charset, a meta http-equiv content type, an XML declaration.</summary>
    public static string? Sniff(ReadOnlySpan<byte> body)
    {
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, 4096)]);
        var m = MetaCharset().Match(head);
        if (m.Success)
        {
            return m.Groups[1].Value;
        }

        m = XmlDeclaration().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The encoding for a charset name, or null when the name is unknown.</summary>
    public static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        try
        {
            var encoding = Encoding.GetEncoding(name.Trim().Trim('"', '\''));

            // A page that claims UTF-16 in a meta tag is ASCII-compatible in fact (HTML's own rule): read it as UTF-8.
            return encoding is UnicodeEncoding ? Encoding.UTF8 : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclaration();
}
