namespace QuoteBot.Extraction.Tests;

/// <summary>Quotes in promo and subscription paragraphs are not extracted; ordinary prose near those words is.</summary>
public sealed class BoilerplateTests
{
    private static string Article(string tail) =>
        "Ferry operator keeps winter timetable\n\n"
        + "\u201CWe will keep the ferries running all winter,\u201D Lena Olsvik said on Monday. " + tail + "\n";

    [Theory]
    [InlineData("All Rights Reserved.")]
    [InlineData("SUBSCRIBE NOW for the harbour edition.")]
    [InlineData("To Continue Reading, log in.")]
    [InlineData("Get The Latest ferry news in your inbox.")]
    [InlineData("Sign up for our morning briefing.")]
    [InlineData("Read more: timetable changes.")]
    [InlineData("Contributed to this report: Piet Mulder.")]
    [InlineData("(Reporting by Piet Mulder)")]
    [InlineData("Harbour Weekly is the fastest-growing paper on the coast.")]
    [InlineData("Copyright \u00A9 2026 Harbour Weekly.")]
    [InlineData("\u00A9 2026 Harbour Weekly.")]
    public void PromoParagraph_QuoteIgnored(string tail) =>
        Assert.Empty(PlainTextExtraction.Extract(Article(tail)));

    [Theory]
    [InlineData("The latest timetable runs to March.")] // an anchor alone, not the phrase
    [InlineData("Passengers asked for the  latest sailing times.")] // two spaces: not "for the latest"
    [InlineData("Crews continue reading the weather charts each dawn.")]
    [InlineData("The premium fares stay as they are.")]
    [InlineData("The newsletters of the union were handed out.")]
    public void OrdinaryProse_QuoteKept(string tail)
    {
        var q = Assert.Single(PlainTextExtraction.Extract(Article(tail)));
        Assert.Equal("Lena Olsvik", q.Speaker);
    }
}
