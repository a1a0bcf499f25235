using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>The pattern tests' way in: extract a small plain-text article, or the one quote that starts a certain way.</summary>
internal static class PlainTextExtraction
{
    public static IReadOnlyList<ExtractedQuote> Extract(string text) => QuoteExtractor.Extract(Article.FromPlainText("test.txt", text));

    public static ExtractedQuote Single(string text, string quoteStart)
    {
        var quotes = Extract(text);
        var q = quotes.FirstOrDefault(x => x.Text.StartsWith(quoteStart, StringComparison.Ordinal));
        Assert.True(q is not null, $"no quote starting with '{quoteStart}' in: {string.Join(" | ", quotes.Select(x => x.Text))}");
        return q!;
    }
}
