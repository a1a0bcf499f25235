using System.Text;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The boilerplate phrases are found through anchors (a rarer part of each phrase) searched in groups of at most
/// <see cref="Boilerplate.AnchorsPerSearch"/>: the answers are those of the plain definition (the paragraph
/// lower-cased, each phrase looked for in turn), and the grouped search finds the first anchor as one search would.
/// </summary>
public sealed class BoilerplateAnchorTests
{
    // Whole phrases in several cases, the anchors alone, pieces that hold an anchor but not its phrase, phrases cut
    // short at either end, and prose.
    private static readonly string[] Pieces =
    [
        "All Rights Reserved", "rights reserved", "hts reserved", "subscribe to", "SUBSCRIBE NOW", "Subscriber", "bscribe",
        "already a subscriber", "already a ", "premium subscribers", "premium", "Sign up for", "n up for", "sign up",
        "click here", "k here", "Download the app", "download our app", "wnload", "download", "follow us on", "w us on",
        "read more:", "more:", "re:", "Related:", "elated:", "related", "watch now", "h now", "listen now", "n now",
        "this story has been", "ory has been", "story has", "contributed to this report", "ibuted", "contributed",
        "(Reporting by", "(reporting", "our newsletter", "wsletter", "get the latest", "for the latest", "latest",
        "free trial", "terms of use", "rms of use", "privacy policy", "vacy", "privacy", "advertisement",
        "dvertisement", "get newsmax", "watch newsmax", "wsmax", "is the fastest-growing", "t-growing",
        "share this article", "share this", "to continue reading", "nue reading", "find us on", "find us",
        "copyright \u00A9", "\u00A9 2026", "pic.twitter.com/x", " (@jane) March 3, 2026", "Follow Jane on Twitter",
        "The ferry left at dawn.", " Crews worked late", " and the harbour", " said ", "\u201CWe stay,\u201D", " a ", " to ",
        " the ", "x", ".", ", ", " ", "\n",
    ];

    [Fact]
    public void EveryAsciiPhrase_HasOneAnchorInsideIt()
    {
        var ascii = Boilerplate.AllPhrases.Where(p => Ascii.IsValid(p)).ToList();
        Assert.Equal(ascii.OrderBy(p => p, StringComparer.Ordinal), Boilerplate.AnchoredPhrases.Select(a => a.Phrase).OrderBy(p => p, StringComparer.Ordinal));
        foreach (var (phrase, anchor) in Boilerplate.AnchoredPhrases)
        {
            Assert.True(phrase.Contains(anchor, StringComparison.Ordinal), $"anchor \"{anchor}\" is not part of \"{phrase}\"");
            Assert.InRange(anchor.Length, 3, phrase.Length);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void IsBoilerplate_SameAsThePlainDefinition(int seed)
    {
        var rng = new Random(seed);
        int yes = 0, no = 0;
        for (var round = 0; round < 4000; round++)
        {
            var p = RandomText(rng, rng.Next(1, 12));
            var expected = p.Length <= 350 && Boilerplate.IsBoilerplateLowered(p);
            Assert.True(expected == Boilerplate.IsBoilerplate(p), $"\"{p}\": expected {expected}");
            if (expected)
            {
                yes++;
            }
            else
            {
                no++;
            }
        }

        // Both answers occur often, or the comparison would mean little.
        Assert.InRange(yes, 400, int.MaxValue);
        Assert.InRange(no, 400, int.MaxValue);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IndexOfAnchor_IsTheFirstPositionOfAnyAnchor(int seed)
    {
        var anchors = Boilerplate.AnchoredPhrases.Select(a => a.Anchor).Distinct().ToArray();
        Assert.True(anchors.Length > Boilerplate.AnchorsPerSearch, "the anchors take more than one search");
        var rng = new Random(seed);
        for (var round = 0; round < 3000; round++)
        {
            var s = RandomText(rng, rng.Next(0, 30));
            var expected = -1;
            foreach (var a in anchors)
            {
                var i = s.IndexOf(a, StringComparison.OrdinalIgnoreCase);
                if (i >= 0 && (expected < 0 || i < expected))
                {
                    expected = i;
                }
            }

            Assert.True(expected == Boilerplate.IndexOfAnchor(s), $"\"{s}\": expected {expected}");
        }
    }

    [Fact]
    public void AnchorOfALaterSearch_StartingBeforeAnEarlierHit_IsFound()
    {
        // "h now" (second search) starts before "w us on" (first search) and runs past its start.
        Assert.Equal(0, Boilerplate.IndexOfAnchor("h now us on"));
        Assert.Equal(2, Boilerplate.IndexOfAnchor("xxnue readingbscribe"));
        Assert.Equal(3, Boilerplate.IndexOfAnchor("rights reserved re:"));
        Assert.Equal(-1, Boilerplate.IndexOfAnchor("subscri be, down load, priva cy"));
    }

    private static string RandomText(Random rng, int pieces)
    {
        var sb = new StringBuilder();
        for (var k = 0; k < pieces; k++)
        {
            var piece = Pieces[rng.Next(Pieces.Length)];
            sb.Append(rng.Next(4) switch
            {
                0 => piece.ToUpperInvariant(),
                1 => piece.ToLowerInvariant(),
                2 when piece.Length > 2 => piece[1..], // cut at the start
                _ => piece,
            });
        }

        return sb.ToString();
    }
}
