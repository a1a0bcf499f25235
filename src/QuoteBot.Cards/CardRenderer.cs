using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QuoteBot.Core.Model;
using SkiaSharp;

namespace QuoteBot.Cards;

/// <summary>What a card shows, laid out: the quote block, the speaker line and the footer ("outlet · date").</summary>
internal sealed record CardLayout(TextBlock Quote, TextBlock Speaker, TextBlock Footer);

/// <summary>
/// Draws a quote as a 1200×630 PNG (the OpenGraph image size): the quote in a serif face, wrapped and shrunk from 56 px
/// down to 26 px and then cut with "…"; the speaker; and the outlet and date. Every script is drawn through per-character
/// font fallback and HarfBuzz shaping (see <see cref="TextLayout"/>). Thread-safe; reuse one instance.
/// </summary>
public sealed class CardRenderer
{
    public const int Width = 1200;
    public const int Height = 630;

    /// <summary>Changes whenever the drawing changes, so cached cards and ETags of an older look are not reused.</summary>
    public const string DesignVersion = "1";

    internal const float QuoteLeft = 96;
    internal const float QuoteTop = 112;
    internal const float QuoteWidth = Width - (2 * QuoteLeft);
    internal const float QuoteHeight = 360;
    internal const float MaxQuoteSize = 56;
    internal const float MinQuoteSize = 26;
    internal const float SpeakerTop = 494;
    internal const float FooterTop = 556;

    internal static readonly SKColor Background = new(0x14, 0x21, 0x3D);
    internal static readonly SKColor Ink = new(0xF5, 0xF3, 0xEE);
    internal static readonly SKColor Accent = new(0xFC, 0xA3, 0x11);
    internal static readonly SKColor Muted = new(0xB8, 0xBC, 0xC8);

    private readonly TextLayout _layout = new();
    private readonly FontFallback _serif;
    private readonly FontFallback _sansBold;
    private readonly FontFallback _sans;
    private readonly Token _quoteEllipsis;
    private readonly Token _lineEllipsis;
    private readonly Token _footerEllipsis;

    public CardRenderer()
        : this(SKFontManager.Default)
    {
    }

    internal CardRenderer(SKFontManager fonts)
    {
        _serif = new FontFallback(fonts, SKFontStyle.Normal, "Noto Serif", "DejaVu Serif");
        _sansBold = new FontFallback(fonts, SKFontStyle.Bold, "Noto Sans", "DejaVu Sans");
        _sans = new FontFallback(fonts, SKFontStyle.Normal, "Noto Sans", "DejaVu Sans");
        _quoteEllipsis = _layout.Shape("…", _serif, spaceBefore: false);
        _lineEllipsis = _layout.Shape("…", _sansBold, spaceBefore: false);
        _footerEllipsis = _layout.Shape("…", _sans, spaceBefore: false);
    }

    /// <summary>The family names of the three faces, for the CLI and diagnostics.</summary>
    public IReadOnlyList<string> PrimaryFamilies => [_serif.Primary.FamilyName, _sansBold.Primary.FamilyName, _sans.Primary.FamilyName];

    /// <summary>A short hash of everything the card shows: the cache key and HTTP ETag of the card.</summary>
    public static string VersionOf(Quote quote)
    {
        var text = string.Join('\u001F', DesignVersion, quote.Id, quote.Text, quote.Speaker, quote.Source.Outlet,
            quote.Source.Published?.ToString("O", CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    /// <summary>The card as PNG bytes.</summary>
    public byte[] RenderPng(Quote quote)
    {
        using var bitmap = Render(quote);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 3))
            ?? throw new InvalidOperationException("The card could not be encoded as PNG.");
        return data.ToArray();
    }

    internal SKBitmap Render(Quote quote) => Render(LayOut(quote));

    internal CardLayout LayOut(Quote quote)
    {
        var quoteTokens = Expand(_layout.Tokenize(Clean(quote.Text), _serif, out var missing), _serif, MinQuoteSize);
        var quoteBlock = _layout.Fit(quoteTokens, _quoteEllipsis, QuoteLeft, QuoteTop, QuoteWidth, QuoteHeight,
            MaxQuoteSize, MinQuoteSize, 1.32f, missing);

        var speakerText = "— " + (string.IsNullOrWhiteSpace(quote.Speaker) ? "Unknown speaker" : Clean(quote.Speaker));
        var speakerTokens = Expand(_layout.Tokenize(speakerText, _sansBold, out var missingSpeaker), _sansBold, 34);
        var speaker = _layout.Fit(speakerTokens, _lineEllipsis, QuoteLeft, SpeakerTop, QuoteWidth, 50, 34, 34, 1.3f, missingSpeaker, maxLines: 1);

        var footerTokens = Expand(_layout.Tokenize(FooterText(quote), _sans, out var missingFooter), _sans, 24);
        var footer = _layout.Fit(footerTokens, _footerEllipsis, QuoteLeft, FooterTop, QuoteWidth, 40, 24, 24, 1.3f, missingFooter, maxLines: 1);
        return new CardLayout(quoteBlock, speaker, footer);
    }

    /// <summary>"Outlet · 5 December 2026 · #42": the parts the quote has, the id always.</summary>
    internal static string FooterText(Quote quote)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(quote.Source.Outlet))
        {
            parts.Add(Clean(quote.Source.Outlet));
        }

        if (quote.Source.Published is { } date)
        {
            parts.Add(date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));
        }

        parts.Add("#" + quote.Id.ToString(CultureInfo.InvariantCulture));
        return string.Join(" · ", parts);
    }

    private static string Clean(string text) => text.Length > 8000 ? text[..8000] : text;

    private List<Token> Expand(IReadOnlyList<Token> tokens, FontFallback fonts, float minSize)
    {
        var max = QuoteWidth * TextLayout.ReferenceSize / minSize;
        return tokens.SelectMany(t => _layout.SplitWide(t, fonts, max)).ToList();
    }

    private static SKBitmap Render(CardLayout layout)
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(Background);
        using (var bar = new SKPaint { Color = Accent, IsAntialias = false })
        {
            canvas.DrawRect(0, 0, 14, Height, bar);
        }

        using (var mark = new SKPaint { Color = Accent.WithAlpha(0xC0), IsAntialias = true })
        using (var markPath = QuoteMark())
        {
            canvas.DrawPath(markPath, mark);
        }

        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var accent = new SKPaint { Color = Accent, IsAntialias = true };
        using var muted = new SKPaint { Color = Muted, IsAntialias = true };
        Draw(canvas, layout.Quote, ink);
        Draw(canvas, layout.Speaker, accent);
        Draw(canvas, layout.Footer, muted);
        return bitmap;
    }

    /// <summary>A large opening quotation mark drawn as two shapes, so it does not depend on any font.</summary>
    private static SKPath QuoteMark()
    {
        var path = new SKPath();
        foreach (var left in new[] { 96f, 140f })
        {
            path.AddCircle(left + 16, 70, 16);
            path.MoveTo(left + 2, 72);
            path.QuadTo(left + 2, 36, left + 34, 26);
            path.LineTo(left + 36, 34);
            path.QuadTo(left + 14, 44, left + 14, 72);
            path.Close();
        }

        return path;
    }

    private static void Draw(SKCanvas canvas, TextBlock block, SKPaint paint)
    {
        using var builder = new SKTextBlobBuilder();
        foreach (var run in block.Runs)
        {
            using var font = TextLayout.NewFont(run.Run.Face, TextLayout.ReferenceSize * run.Scale);
            var positions = new SKPoint[run.Run.Positions.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = new SKPoint(run.X + (run.Run.Positions[i].X * run.Scale), run.Y + (run.Run.Positions[i].Y * run.Scale));
            }

            builder.AddPositionedRun(run.Run.Glyphs, font, positions);
        }

        using var blob = builder.Build();
        if (blob is not null)
        {
            canvas.DrawText(blob, 0, 0, paint);
        }
    }
}
