using System.Globalization;
using System.Text;
using QuoteBot.Core.Model;

namespace QuoteBot.Host.Bench;

/// <summary>
/// A deterministic synthetic corpus: made-up words with Zipf-distributed frequencies (exponent 1, like natural
/// language), quotes of 10–60 words, 5,000 speakers quoted with a Zipf-like skew, short source titles.
/// </summary>
internal sealed class SyntheticCorpus
{
    public const int VocabularySize = 50_000;
    public const int SpeakerCount = 5_000;

    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "ch", "sh", "pl"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ea"];

    private readonly string[] _words;
    private readonly double[] _wordCdf;
    private readonly string[] _speakers;
    private readonly double[] _speakerCdf;

    public SyntheticCorpus()
    {
        var rng = new System.Random(20260301);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _words = new string[VocabularySize];
        for (var i = 0; i < VocabularySize; i++)
        {
            string w;
            do
            {
                w = MakeWord(rng, 1 + Math.Min(3, i / 2000 + rng.Next(2)));
            }
            while (!seen.Add(w));
            _words[i] = w;
        }

        _wordCdf = ZipfCdf(VocabularySize, 1.0);
        _speakers = new string[SpeakerCount];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < SpeakerCount; i++)
        {
            string n;
            do
            {
                n = Capital(MakeWord(rng, 2)) + " " + Capital(MakeWord(rng, 2 + rng.Next(2)));
            }
            while (!names.Add(n));
            _speakers[i] = n;
        }

        _speakerCdf = ZipfCdf(SpeakerCount, 0.8);
    }

    public IReadOnlyList<string> Speakers => _speakers;

    /// <summary>The word of frequency rank <paramref name="rank"/> (0 is the most common).</summary>
    public string Word(int rank) => _words[rank];

    public int SampleRank(System.Random rng) => Sample(_wordCdf, rng);

    public string SampleSpeaker(System.Random rng) => _speakers[Sample(_speakerCdf, rng)];

    /// <summary>The quotes, generated lazily in a fixed order from a fixed seed.</summary>
    public IEnumerable<NewQuote> Quotes(int count)
    {
        var rng = new System.Random(7);
        var at = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sb = new StringBuilder(512);
        for (var i = 0; i < count; i++)
        {
            sb.Clear();
            var n = rng.Next(10, 61);
            for (var k = 0; k < n; k++)
            {
                var w = _words[SampleRank(rng)];
                sb.Append(k == 0 ? Capital(w) : w);
                sb.Append(k == n - 1 ? "." : (rng.Next(12) == 0 ? ", " : " "));
            }

            var title = new StringBuilder();
            var tn = rng.Next(4, 9);
            for (var k = 0; k < tn; k++)
            {
                title.Append(k == 0 ? Capital(_words[SampleRank(rng)]) : " " + _words[SampleRank(rng)]);
            }

            yield return new NewQuote
            {
                Text = sb.ToString(),
                Speaker = SampleSpeaker(rng),
                Source = new QuoteSource("Synthetic Daily", title.ToString(),
                    "https://example.org/a/" + i.ToString(CultureInfo.InvariantCulture), DateOnly.FromDateTime(at.AddMinutes(i).UtcDateTime)),
                AddedBy = "bench",
                AddedAt = at.AddMinutes(i),
            };
        }
    }

    private static string MakeWord(System.Random rng, int syllables)
    {
        var sb = new StringBuilder();
        for (var s = 0; s < syllables; s++)
        {
            sb.Append(Onsets[rng.Next(Onsets.Length)]).Append(Vowels[rng.Next(Vowels.Length)]);
        }

        if (rng.Next(3) == 0)
        {
            sb.Append(Onsets[rng.Next(12)]);
        }

        return sb.ToString();
    }

    private static string Capital(string w) => char.ToUpperInvariant(w[0]) + w[1..];

    private static double[] ZipfCdf(int n, double exponent)
    {
        var cdf = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, exponent);
            cdf[i] = sum;
        }

        for (var i = 0; i < n; i++)
        {
            cdf[i] /= sum;
        }

        return cdf;
    }

    private static int Sample(double[] cdf, System.Random rng)
    {
        var i = Array.BinarySearch(cdf, rng.NextDouble());
        return Math.Min(i < 0 ? ~i : i, cdf.Length - 1);
    }
}
