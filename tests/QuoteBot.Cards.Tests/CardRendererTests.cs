using QuoteBot.Core.Model;
using SkiaSharp;

namespace QuoteBot.Cards.Tests;

public sealed class CardRendererTests
{
    private static readonly CardRenderer Renderer = new();

    internal static Quote MakeQuote(string text, string? speaker = "Mara Velin", long id = 7, string? outlet = "Harbour Ledger") => new()
    {
        Id = id,
        Text = text,
        Speaker = speaker,
        SpeakerKey = "mara velin",
        Source = new QuoteSource(outlet, "A title", "https://example.org/a", new DateOnly(2026, 3, 14)),
        AddedBy = "system",
        AddedAt = DateTimeOffset.UnixEpoch,
        DedupeKey = text,
    };

    [Fact]
    public void A_card_is_a_1200_by_630_png()
    {
        var png = Renderer.RenderPng(MakeQuote("We will keep the harbour open through the winter."));

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(CardRenderer.Width, bitmap.Width);
        Assert.Equal(CardRenderer.Height, bitmap.Height);
    }

    public static TheoryData<string, string> Scripts => new()
    {
        { "Latin", "The bridge will open before the first snow, and not a day later." },
        { "Cyrillic", "Мы откроем мост до первого снега, и ни днём позже." },
        { "Greek", "Θα ανοίξουμε τη γέφυρα πριν από το πρώτο χιόνι." },
        { "CJK", "我们将在第一场雪之前开放这座桥。橋は初雪の前に開通します。" },
        { "Arabic", "سنفتح الجسر قبل أول تساقط للثلوج، وليس بعد يوم واحد." },
        { "Hebrew", "נפתח את הגשר לפני השלג הראשון, ולא יום אחד אחר כך." },
        { "Emoji", "🌉 ❄️ 🚧 👷‍♀️ 🎉" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_script_is_drawn_with_real_glyphs(string script, string text)
    {
        var quote = MakeQuote(text);
        var layout = Renderer.LayOut(quote);

        Assert.Equal(0, layout.Quote.MissingCharacters);
        Assert.NotEmpty(layout.Quote.Runs);
        // Glyph 0 is .notdef, the "tofu" box: no run may contain it.
        Assert.All(layout.Quote.Runs, r => Assert.DoesNotContain((ushort)0, r.Run.Glyphs));

        using var bitmap = Renderer.Render(quote);
        var coverage = Coverage(bitmap, QuoteArea(layout.Quote));
        Assert.True(coverage > 0.03, $"{script}: only {coverage:P1} of the glyph area is drawn");
    }

    [Fact]
    public void Emoji_are_drawn_in_colour()
    {
        var quote = MakeQuote("🌉 🚧 🎉 🍎 🌳");
        using var bitmap = Renderer.Render(quote);
        var layout = Renderer.LayOut(quote);
        var area = QuoteArea(layout.Quote);
        var colourful = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                // Not the background, the cream ink or the amber accent: a colour only an emoji brings (green, red, blue).
                if (c != CardRenderer.Background && (c.Green > c.Red + 40 || c.Red > c.Green + 120 || c.Blue > c.Red + 80))
                {
                    colourful++;
                }
            }
        }

        Assert.True(colourful > 500, $"only {colourful} colour pixels");
    }

    [Fact]
    public void A_character_with_the_emoji_selector_is_drawn_from_the_emoji_font()
    {
        var layout = Renderer.LayOut(MakeQuote("Snow ❄️ and a heart ❤️"));
        var families = layout.Quote.Runs.Select(r => r.Run.Face.FamilyName).ToArray();
        // Snow, ❄️, and, a, heart, ❤️: the two emoji come from the colour font, not a text font's outline.
        Assert.Equal(["Noto Serif", "Noto Color Emoji", "Noto Serif", "Noto Serif", "Noto Serif", "Noto Color Emoji"], families);
    }

    [Fact]
    public void Right_to_left_text_is_right_aligned_and_reads_right_to_left()
    {
        var layout = Renderer.LayOut(MakeQuote("שלום עולם"));
        var runs = layout.Quote.Runs;
        var right = runs.Max(r => r.X + (r.Run.Width * r.Scale));
        Assert.InRange(right, CardRenderer.QuoteLeft + CardRenderer.QuoteWidth - 2, CardRenderer.QuoteLeft + CardRenderer.QuoteWidth + 2);
        // The first word ("שלום") stands to the right of the second.
        Assert.Equal(2, runs.Count);
        Assert.True(runs[1].X > runs[0].X);
        Assert.True(runs[1].Run.Glyphs.Length == 4 && runs[0].Run.Glyphs.Length == 4);
    }

    [Fact]
    public void Latin_text_with_Hebrew_words_keeps_the_Latin_order_left_to_right()
    {
        var layout = Renderer.LayOut(MakeQuote("We said אחד שתיים and left"));
        var xs = layout.Quote.Runs.Select(r => r.X).ToArray();
        // Visual order: We said [שתיים אחד] and left: the Hebrew pair is reversed, the Latin words are not.
        var glyphCounts = layout.Quote.Runs.Select(r => r.Run.Glyphs.Length).ToArray();
        Assert.Equal([2, 4, 5, 3, 3, 4], glyphCounts);
        Assert.Equal(xs.Order(), xs);
    }

    [Fact]
    public void A_short_quote_is_large_and_a_long_one_shrinks_then_ends_in_an_ellipsis()
    {
        var shortOne = Renderer.LayOut(MakeQuote("Short and clear."));
        Assert.Equal(CardRenderer.MaxQuoteSize, shortOne.Quote.FontSize);
        Assert.False(shortOne.Quote.Truncated);

        var medium = Renderer.LayOut(MakeQuote(string.Join(' ', Enumerable.Repeat("The harbour stays open.", 12))));
        Assert.InRange(medium.Quote.FontSize, CardRenderer.MinQuoteSize + 1, CardRenderer.MaxQuoteSize - 1);
        Assert.False(medium.Quote.Truncated);

        var longOne = Renderer.LayOut(MakeQuote(string.Join(' ', Enumerable.Repeat("The harbour stays open.", 200))));
        Assert.Equal(CardRenderer.MinQuoteSize, longOne.Quote.FontSize);
        Assert.True(longOne.Quote.Truncated);
    }

    [Fact]
    public void The_worst_case_quote_stays_inside_its_box()
    {
        var longWord = new string('x', 300);
        var text = "Start " + longWord + " " + string.Join(' ', Enumerable.Repeat("Мир κόσμος 世界 مرحبا שלום 🎉 words", 160));
        text = text[..4000];
        var quote = MakeQuote(text, speaker: new string('S', 400), outlet: new string('O', 400));
        var layout = Renderer.LayOut(quote);

        Assert.True(layout.Quote.Truncated);
        Assert.Equal(CardRenderer.MinQuoteSize, layout.Quote.FontSize);
        Assert.All(layout.Quote.Runs, r =>
        {
            Assert.InRange(r.X, CardRenderer.QuoteLeft - 0.5f, CardRenderer.QuoteLeft + CardRenderer.QuoteWidth);
            Assert.InRange(r.X + (r.Run.Width * r.Scale), CardRenderer.QuoteLeft, CardRenderer.QuoteLeft + CardRenderer.QuoteWidth + 0.5f);
            Assert.InRange(r.Y, CardRenderer.QuoteTop, CardRenderer.QuoteTop + CardRenderer.QuoteHeight);
        });
        Assert.Equal(1, layout.Speaker.LineCount);
        Assert.True(layout.Speaker.Truncated);
        Assert.Equal(1, layout.Footer.LineCount);

        var png = Renderer.RenderPng(quote);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(CardRenderer.Width, bitmap.Width);
    }

    [Fact]
    public void A_character_no_font_has_is_left_out_not_drawn_as_a_box()
    {
        var layout = Renderer.LayOut(MakeQuote("Before \u0378 after \uE000 end"));
        Assert.Equal(1, layout.Quote.MissingCharacters); // U+0378 is unassigned; private use is dropped as a control
        Assert.All(layout.Quote.Runs, r => Assert.DoesNotContain((ushort)0, r.Run.Glyphs));
    }

    [Fact]
    public void The_version_follows_what_the_card_shows()
    {
        var quote = MakeQuote("One");
        Assert.Equal(CardRenderer.VersionOf(quote), CardRenderer.VersionOf(quote with { AddedBy = "someone" }));
        Assert.NotEqual(CardRenderer.VersionOf(quote), CardRenderer.VersionOf(quote with { Text = "Two" }));
        Assert.NotEqual(CardRenderer.VersionOf(quote), CardRenderer.VersionOf(quote with { Speaker = "Other" }));
        Assert.NotEqual(CardRenderer.VersionOf(quote), CardRenderer.VersionOf(quote with { Id = 8 }));
    }

    [Fact]
    public void The_footer_names_outlet_date_and_id()
    {
        Assert.Equal("Harbour Ledger · 14 March 2026 · #7", CardRenderer.FooterText(MakeQuote("x")));
    }

    internal static SKRectI QuoteArea(TextBlock block)
    {
        var left = (int)block.Runs.Min(r => r.X);
        var right = (int)Math.Ceiling(block.Runs.Max(r => r.X + (r.Run.Width * r.Scale)));
        var top = (int)(block.Runs.Min(r => r.Y) - block.FontSize);
        var bottom = (int)Math.Ceiling(block.Runs.Max(r => r.Y) + (block.FontSize * 0.3f));
        return new SKRectI(left, top, right, bottom);
    }

    /// <summary>The share of pixels in <paramref name="area"/> that differ from the background.</summary>
    internal static double Coverage(SKBitmap bitmap, SKRectI area)
    {
        var drawn = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                if (bitmap.GetPixel(x, y) != CardRenderer.Background)
                {
                    drawn++;
                }
            }
        }

        return drawn / (double)(area.Width * area.Height);
    }
}
