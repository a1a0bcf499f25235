using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>
/// The ranker's range bounds on blocks built in memory (no server): a range of an AND is bounded per quote length, so
/// blocks whose best terms come from quotes of different lengths are skipped, and a range holding none of the allowed
/// quotes (a speaker's) is never read; the top k stays the exhaustive one.
/// </summary>
public sealed class Bm25RankerTests
{
    private const double AverageLength = 15;

    /// <summary>Blocks of <paramref name="perBlock"/> postings of one lexeme, keyed as the store lists them (the first
    /// from 0, the others from their first id), with their bounds; the postings are handed out when read.</summary>
    private static List<Bm25Block> Blocks(long term, IReadOnlyList<(long Doc, int F, int Dl)> postings, int perBlock, Dictionary<Bm25Block, TermPostings> data)
    {
        var blocks = new List<Bm25Block>();
        for (var at = 0; at < postings.Count; at += perBlock)
        {
            var part = postings.Skip(at).Take(perBlock).ToList();
            var block = new Bm25Block(term, at == 0 ? 0 : part[0].Doc, part.Count, part[^1].Doc, Bm25Postings.Bounds(part.Select(p => (p.F, p.Dl))));
            var decoded = new TermPostings();
            foreach (var (doc, f, dl) in part)
            {
                decoded.Add(doc, f, dl);
            }

            data[block] = decoded;
            blocks.Add(block);
        }

        return blocks;
    }

    /// <summary>The top k by scoring every quote that holds every lexeme, summed in the clauses' order.</summary>
    private static List<(long Doc, double Score)> Exhaustive(IReadOnlyList<IReadOnlyList<(long Doc, int F, int Dl)>> lexemes, double[] idf, long[]? allowed, int k)
    {
        var byDoc = lexemes.Select(l => l.ToDictionary(p => p.Doc)).ToList();
        return byDoc[0].Keys
            .Where(d => byDoc.All(l => l.ContainsKey(d)) && (allowed is null || allowed.Contains(d)))
            .Select(d =>
            {
                var norm = Bm25Math.Norm(byDoc[0][d].Dl, AverageLength);
                var score = 0.0;
                for (var l = 0; l < byDoc.Count; l++)
                {
                    score += Bm25Math.Term(idf[l], byDoc[l][d].F, norm);
                }

                return (Doc: d, Score: score);
            })
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Doc).Take(k).ToList();
    }

    private static async Task<(List<(long Doc, double Score)> Top, int Read)> RankAsync(List<List<Bm25Block>> lexemes, double[] idf, long[]? allowed,
        Dictionary<Bm25Block, TermPostings> data, int k)
    {
        var clauses = idf.Select((x, l) => new Bm25Ranker.Clause([l], x)).ToList();
        var ranker = new Bm25Ranker(lexemes.Select(l => (IReadOnlyList<Bm25Block>)l).ToList(), clauses, [], allowed, AverageLength);
        var read = 0;
        var top = await ranker.TopAsync(k, blocks =>
        {
            read += blocks.Count;
            foreach (var b in blocks)
            {
                b.Postings = data[b];
            }

            return Task.CompletedTask;
        });
        return (top, read);
    }

    [Fact]
    public async Task An_and_of_two_common_words_skips_blocks_whose_best_terms_are_of_different_lengths()
    {
        // 400 quotes hold both words, in 50 blocks of 8 each. In every block, short quotes (length 8) hold "harbor"
        // twice and "lantern" once, long ones (length 20) "lantern" three times and "harbor" once: each word's best
        // term comes from a different length, and their sum is more than any quote of the block scores. The 16 quotes
        // of the first two blocks hold both words twice at length 12: they beat every other quote's possible score
        // at any one length, but not the sum of the two words' separate bests, so only a bound per length skips the
        // other 48 blocks.
        var harbor = new List<(long, int, int)>();
        var lantern = new List<(long, int, int)>();
        for (long doc = 1; doc <= 400; doc++)
        {
            var (h, l, dl) = doc <= 16 ? (20, 20, 12) : doc % 2 == 0 ? (20, 10, 8) : (10, 30, 20);
            harbor.Add((doc, h, dl));
            lantern.Add((doc, l, dl));
        }

        var data = new Dictionary<Bm25Block, TermPostings>();
        var lexemes = new List<List<Bm25Block>> { Blocks(1, harbor, 8, data), Blocks(2, lantern, 8, data) };
        double[] idf = [1.0, 1.0];

        var (top, read) = await RankAsync(lexemes, idf, null, data, 5);

        Assert.Equal(Exhaustive([harbor, lantern], idf, null, 5), top);
        Assert.All(top, t => Assert.InRange(t.Doc, 1L, 16L));
        // The first batch: the two blocks of each of the eight best ranges (the two blocks of the best 16 quotes
        // among them); summing each word's best would read all 100.
        Assert.True(read <= 16, $"read {read} of 100 blocks");
    }

    [Fact]
    public async Task A_word_with_a_speaker_reads_only_the_blocks_that_hold_the_speakers_quotes()
    {
        // One word in 400 quotes (50 blocks of 8); the speaker's three quotes lie in blocks 3, 20 and 41.
        var postings = Enumerable.Range(1, 400).Select(d => ((long)d, d % 7 == 0 ? 20 : 10, 10 + d % 13)).ToList();
        var data = new Dictionary<Bm25Block, TermPostings>();
        var lexemes = new List<List<Bm25Block>> { Blocks(1, postings, 8, data) };
        long[] allowed = [30, 165, 330];
        double[] idf = [2.0];

        var (top, read) = await RankAsync(lexemes, idf, allowed, data, 5);

        Assert.Equal(Exhaustive([postings], idf, allowed, 5), top);
        Assert.Equal(3, top.Count);
        Assert.Equal(3, read);
    }
}
