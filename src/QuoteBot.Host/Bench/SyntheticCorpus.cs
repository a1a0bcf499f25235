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
    private readonly int[] _wordGuide;
    private readonly int[] _speakerGuide;

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
        _wordGuide = Guide(_wordCdf);
        _speakerGuide = Guide(_speakerCdf);
    }

    public IReadOnlyList<string> Speakers => _speakers;

    /// <summary>The word of frequency rank <paramref name="rank"/> (0 is the most common).</summary>
    public string Word(int rank) => _words[rank];

    public int SampleRank(System.Random rng) => Sample(_wordCdf, _wordGuide, rng);

    public string SampleSpeaker(System.Random rng) => _speakers[Sample(_speakerCdf, _speakerGuide, rng)];

    /// <summary>The quotes, generated lazily in a fixed order from a fixed seed.</summary>
    /// <remarks>
    /// Cheap per quote (a million are read in one import): words are drawn through <see cref="_wordGuide"/> instead of
    /// a binary search over the whole distribution, capitals and separators are appended without temporary strings,
    /// and the builders are reused. The quotes are the same, bit for bit, as those of the first, plainer version
    /// (a test compares a hash of the corpus).
    /// </remarks>
    public IEnumerable<NewQuote> Quotes(int count)
    {
        var rng = new System.Random(7);
        var at = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sb = new StringBuilder(512);
        var title = new StringBuilder(128);
        for (var i = 0; i < count; i++)
        {
            sb.Clear();
            var n = rng.Next(10, 61);
            for (var k = 0; k < n; k++)
            {
                var w = _words[Sample(_wordCdf, _wordGuide, rng)];
                if (k == 0)
                {
                    AppendCapital(sb, w);
                }
                else
                {
                    sb.Append(w);
                }

                if (k == n - 1)
                {
                    sb.Append('.');
                }
                else if (rng.Next(12) == 0)
                {
                    sb.Append(", ");
                }
                else
                {
                    sb.Append(' ');
                }
            }

            title.Clear();
            var tn = rng.Next(4, 9);
            for (var k = 0; k < tn; k++)
            {
                var w = _words[Sample(_wordCdf, _wordGuide, rng)];
                if (k == 0)
                {
                    AppendCapital(title, w);
                }
                else
                {
                    title.Append(' ').Append(w);
                }
            }

            var added = at.AddMinutes(i);
            yield return new NewQuote
            {
                Text = sb.ToString(),
                Speaker = _speakers[Sample(_speakerCdf, _speakerGuide, rng)],
                Source = new QuoteSource("Synthetic Daily", title.ToString(),
                    "https://example.org/a/" + i.ToString(CultureInfo.InvariantCulture), DateOnly.FromDateTime(added.UtcDateTime)),
                AddedBy = "bench",
                AddedAt = added,
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

    /// <summary>
    /// An index drawn from a cumulative distribution: the first index whose cumulative probability is at least the draw
    /// (clamped to the last), which is what <c>Array.BinarySearch</c> over the strictly increasing table finds (its
    /// first version), found here by a search over the few indexes of the draw's guide bucket.
    /// </summary>
    private static int Sample(double[] cdf, int[] guide, System.Random rng)
    {
        var u = rng.NextDouble();
        var bucket = (int)(u * GuideBuckets); // exact: a power of two
        var lo = guide[bucket];
        var hi = guide[bucket + 1]; // the answer is in [lo, hi]: cdf[hi] >= (bucket + 1) / buckets > u, or hi is the end
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cdf[mid] < u)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Min(lo, cdf.Length - 1);
    }

    private const int GuideBuckets = 1 << 16;

    /// <summary>For each bucket b of [0, 1), the first index whose cumulative probability is at least b / buckets (the
    /// table's length when none is), and the table's length at the end.</summary>
    private static int[] Guide(double[] cdf)
    {
        for (var i = 1; i < cdf.Length; i++)
        {
            if (!(cdf[i] > cdf[i - 1]))
            {
                throw new InvalidOperationException("The cumulative distribution must be strictly increasing.");
            }
        }

        var guide = new int[GuideBuckets + 1];
        var at = 0;
        for (var b = 0; b <= GuideBuckets; b++)
        {
            var edge = (double)b / GuideBuckets;
            while (at < cdf.Length && cdf[at] < edge)
            {
                at++;
            }

            guide[b] = at;
        }

        return guide;
    }

    private static void AppendCapital(StringBuilder sb, string w) =>
        sb.Append(char.ToUpperInvariant(w[0])).Append(w, 1, w.Length - 1);
}
