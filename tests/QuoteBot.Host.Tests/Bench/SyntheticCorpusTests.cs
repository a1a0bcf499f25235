using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Host.Bench;

namespace QuoteBot.Host.Tests.Bench;

/// <summary>
/// The bench's corpus generator was made cheaper (session 9); every figure in docs/benchmarks.md was measured on its
/// quotes, so it must still make the very same ones. <see cref="PlainCorpus"/> is the generator as it was before (a
/// binary search over the whole distribution for every word, strings built with temporary pieces), kept here as the
/// reference.
/// </summary>
public class SyntheticCorpusTests
{
    [Fact]
    public void Quotes_AreTheSameAsThePlainGenerators()
    {
        var corpus = new SyntheticCorpus();
        var plain = new PlainCorpus(corpus);

        var fast = corpus.Quotes(30_000).ToList();
        var reference = plain.Quotes(30_000).ToList();

        Assert.Equal(reference.Count, fast.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            Assert.Equal(reference[i], fast[i]); // records: every field, the source's fields included
        }

        Assert.Equal(Hash(reference), Hash(fast));
    }

    [Fact]
    public void SampleRankAndSpeaker_DrawWhatTheBinarySearchDrew()
    {
        var corpus = new SyntheticCorpus();
        var plain = new PlainCorpus(corpus);
        var a = new System.Random(123);
        var b = new System.Random(123);
        var ranks = new HashSet<int>();
        for (var i = 0; i < 300_000; i++)
        {
            var rank = corpus.SampleRank(a);
            Assert.Equal(plain.SampleRank(b), rank);
            ranks.Add(rank);
            Assert.Equal(plain.SampleSpeaker(b), corpus.SampleSpeaker(a));
        }

        Assert.Contains(0, ranks); // both ends of the distribution were drawn, not only its head
        Assert.Contains(ranks, r => r > SyntheticCorpus.VocabularySize - 1_000);
    }

    private static string Hash(IEnumerable<NewQuote> quotes)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var q in quotes)
        {
            h.AppendData(Encoding.UTF8.GetBytes(string.Join('\u0001', q.Text, q.Speaker, q.Source.Outlet, q.Source.Title, q.Source.Url,
                q.Source.Published?.ToString("O", CultureInfo.InvariantCulture), q.AddedBy, q.AddedAt.ToString("O", CultureInfo.InvariantCulture),
                q.Scope.Key, q.Status) + "\n"));
        }

        return Convert.ToHexString(h.GetHashAndReset());
    }

    /// <summary>The generator before session 9, on the same vocabulary and speakers.</summary>
    private sealed class PlainCorpus(SyntheticCorpus corpus)
    {
        private readonly double[] _wordCdf = ZipfCdf(SyntheticCorpus.VocabularySize, 1.0);
        private readonly double[] _speakerCdf = ZipfCdf(SyntheticCorpus.SpeakerCount, 0.8);

        public int SampleRank(System.Random rng) => Sample(_wordCdf, rng);

        public string SampleSpeaker(System.Random rng) => corpus.Speakers[Sample(_speakerCdf, rng)];

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
                    var w = corpus.Word(SampleRank(rng));
                    sb.Append(k == 0 ? Capital(w) : w);
                    sb.Append(k == n - 1 ? "." : (rng.Next(12) == 0 ? ", " : " "));
                }

                var title = new StringBuilder();
                var tn = rng.Next(4, 9);
                for (var k = 0; k < tn; k++)
                {
                    title.Append(k == 0 ? Capital(corpus.Word(SampleRank(rng))) : " " + corpus.Word(SampleRank(rng)));
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
}
