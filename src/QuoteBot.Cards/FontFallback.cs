using System.Collections.Concurrent;
using SkiaSharp;

namespace QuoteBot.Cards;

/// <summary>
/// One text style (a family and weight) with per-character fallback: the style's own typeface when it has the glyph,
/// else whatever installed font the system font manager matches for that character (Noto for Arabic, Hebrew, CJK,
/// colour emoji). Characters no installed font covers resolve to null and are left out rather than drawn as boxes.
/// </summary>
internal sealed class FontFallback
{
    private readonly SKFontManager _manager;
    private readonly ConcurrentDictionary<int, SKTypeface?> _byCodepoint = new();
    private readonly SKTypeface? _emoji;

    public FontFallback(SKFontManager manager, SKFontStyle style, params string[] families)
    {
        _manager = manager;
        Style = style;
        Primary = families.Select(f => manager.MatchFamily(f, style)).FirstOrDefault(t => t is not null)
            ?? SKTypeface.CreateDefault();
        _emoji = manager.MatchFamily("Noto Color Emoji");
    }

    public SKTypeface Primary { get; }

    public SKFontStyle Style { get; }

    /// <summary>The typeface that draws <paramref name="codepoint"/>, or null when no installed font has it.</summary>
    public SKTypeface? For(int codepoint) => _byCodepoint.GetOrAdd(codepoint, Resolve);

    /// <summary>
    /// The typeface for a grapheme cluster: a colour emoji font when the cluster asks for emoji presentation
    /// (U+FE0F, as in "❄️", whose first character alone would match a text font), else <see cref="For(int)"/>.
    /// </summary>
    public SKTypeface? For(string cluster, int first) =>
        _emoji is not null && cluster.Contains('\uFE0F', StringComparison.Ordinal) && _emoji.ContainsGlyph(first) ? _emoji : For(first);

    private SKTypeface? Resolve(int codepoint)
    {
        if (Primary.ContainsGlyph(codepoint))
        {
            return Primary;
        }

        var matched = _manager.MatchCharacter(Primary.FamilyName, Style, null, codepoint);
        return matched is not null && matched.ContainsGlyph(codepoint) ? matched : null;
    }
}
