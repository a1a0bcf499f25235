using System.Text;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// <see cref="Boilerplate.Scan"/> answers for every paragraph of a text exactly what
/// <see cref="Boilerplate.IsBoilerplate(ReadOnlySpan{char})"/> answers for the paragraph alone, whatever order the
/// paragraphs are asked in: phrases whose anchor straddles two paragraphs, phrases cut by a paragraph's end, case
/// oddities (Kelvin sign, dotless i), long paragraphs that are never boilerplate, and texts longer than one search window.
/// </summary>
public sealed class BoilerplateScanTests
{
    // Pieces of promo phrases, whole phrases in odd cases, near misses and filler; joined at random, so anchors and
    // phrases often run across the breaks between paragraphs.
    private static readonly string[] Pieces =
    [
        "all rights ", "reserved", "Rights Reserved.", "subscribe", " to", "SUBSCRIBE NOW", "sign up", " for", "click here",
        "download", " the app", "follow us", " on", "read more:", "more:", "related:", "watch now", "listen now",
        "this story has been", "story has", " been", "contributed", " to this report", "(reporting", " by",
        "our newsletter", "newsletter", "get the latest", "latest", "free trial", "terms of use", "privacy",
        " policy", "advertisement", "get newsmax", "newsmax", "is the fastest-growing", "fastest-growing",
        "for the latest", "share this", " article", "premium", " subscribers", "to continue reading", "continue reading",
        "already a", " subscriber", "find us", "\u00A9 2026", "copyright \u00A9", "\u212Alick here", "d\u0131wnload",
        "pic.twitter.com/x", " (@jane) March 3, 2026", "Follow Jane on Twitter", " @jane",
        "The ferry left at dawn.", " Crews worked late", " and the harbour", " said ", "\u201CWe stay,\u201D",
        " a ", "x", ".", ", ", " ",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryParagraph_SameAnswerAsTheParagraphAlone(int seed)
    {
        var rng = new Random(seed);
        for (var round = 0; round < 300; round++)
        {
            var (text, paragraphs) = RandomText(rng, longText: round % 50 == 0);
            var expected = paragraphs.Select(p => Boilerplate.IsBoilerplate(text.AsSpan(p.Start, p.Length))).ToArray();

            // In text order, as the extractor asks.
            var scan = default(Boilerplate.Scan);
            for (var i = 0; i < paragraphs.Count; i++)
            {
                Assert.True(expected[i] == scan.IsBoilerplate(text, paragraphs[i].Start, paragraphs[i].End), Describe(text, paragraphs[i], expected[i]));
            }

            // In a random order, and each paragraph twice.
            var order = Enumerable.Range(0, paragraphs.Count).Concat(Enumerable.Range(0, paragraphs.Count)).OrderBy(_ => rng.Next()).ToArray();
            var shuffled = default(Boilerplate.Scan);
            foreach (var i in order)
            {
                Assert.True(expected[i] == shuffled.IsBoilerplate(text, paragraphs[i].Start, paragraphs[i].End), Describe(text, paragraphs[i], expected[i]));
            }
        }
    }

    [Fact]
    public void TheRandomTexts_HoldBoilerplateAndProse()
    {
        // The equivalence above means something only if both answers occur often.
        var rng = new Random(1);
        int yes = 0, no = 0;
        for (var round = 0; round < 300; round++)
        {
            var (text, paragraphs) = RandomText(rng, longText: false);
            foreach (var p in paragraphs)
            {
                if (Boilerplate.IsBoilerplate(text.AsSpan(p.Start, p.Length)))
                {
                    yes++;
                }
                else
                {
                    no++;
                }
            }
        }

        Assert.InRange(yes, 500, int.MaxValue);
        Assert.InRange(no, 500, int.MaxValue);
    }

    [Fact]
    public void PhraseAfterAFewWindowsOfProse_IsFound()
    {
        // Short prose paragraphs for three search windows, then a promo: the scan must search past its first windows.
        var sb = new StringBuilder();
        var paragraphs = new List<TextSpan>();
        while (sb.Length < 3 * Boilerplate.Scan.Window)
        {
            Add(sb, paragraphs, "The ferry left at dawn and the crews worked late.");
        }

        Add(sb, paragraphs, "Sign up for the harbour briefing.");
        Add(sb, paragraphs, "The ferry came back at noon.");
        var text = sb.ToString();

        var scan = default(Boilerplate.Scan);
        var answers = paragraphs.Select(p => scan.IsBoilerplate(text, p.Start, p.End)).ToArray();

        Assert.Equal(paragraphs.Count - 2, Array.IndexOf(answers, true));
        Assert.Equal(1, answers.Count(a => a));
    }

    [Fact]
    public void AnchorRunningIntoTheNextParagraph_IsNotBoilerplate()
    {
        // "subscri" + "be to": the anchor "subscribe" exists only across the break.
        const string text = "Readers can subscri\nbe to the harbour notes.\nThe ferry runs.";
        var scan = default(Boilerplate.Scan);

        Assert.False(scan.IsBoilerplate(text, 0, 19));
        Assert.False(scan.IsBoilerplate(text, 20, 44));
        Assert.False(scan.IsBoilerplate(text, 45, text.Length));
    }

    private static void Add(StringBuilder sb, List<TextSpan> paragraphs, string paragraph)
    {
        paragraphs.Add(new TextSpan(sb.Length, sb.Length + paragraph.Length));
        sb.Append(paragraph).Append('\n');
    }

    // Paragraphs of random pieces with no gap, one newline or two between them (a paragraph's span never holds the
    // break); now and then a long paragraph (over 350 characters), and with longText a text of several windows.
    private static (string Text, List<TextSpan> Paragraphs) RandomText(Random rng, bool longText)
    {
        var sb = new StringBuilder();
        var paragraphs = new List<TextSpan>();
        var count = longText ? 2000 : rng.Next(1, 40);
        for (var n = 0; n < count; n++)
        {
            var start = sb.Length;
            var pieces = rng.Next(10) == 0 ? rng.Next(40, 80) : rng.Next(0, 8);
            for (var k = 0; k < pieces; k++)
            {
                sb.Append(Pieces[rng.Next(Pieces.Length)]);
            }

            paragraphs.Add(new TextSpan(start, sb.Length));
            sb.Append(rng.Next(3) switch { 0 => "", 1 => "\n", _ => "\n\n" });
        }

        return (sb.ToString(), paragraphs);
    }

    private static string Describe(string text, TextSpan p, bool expected) =>
        $"paragraph {p.Start}..{p.End} \"{text[p.Start..p.End]}\": expected {expected}";
}
