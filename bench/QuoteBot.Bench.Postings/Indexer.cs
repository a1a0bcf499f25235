using System.Diagnostics;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Host.Bench;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Bench.Postings;

/// <summary>How the bench builds its file.</summary>
internal sealed record BuildOptions
{
    /// <summary>Postings per block and blocks per stored row (see <see cref="PostingsOptions"/>).</summary>
    public int BlockSize { get; init; } = 128;

    public int ChunkBlocks { get; init; } = 8;

    /// <summary>How quote bodies (text, title, outlet, link, date) are stored.</summary>
    public BodyFormat Bodies { get; init; } = BodyFormat.Words;

    /// <summary>Pair postings for every pair with one pair word (else only pairs of two).</summary>
    public bool PairsWithAnyWord { get; init; }

    /// <summary>SQLite page size of the new file.</summary>
    public int PageSize { get; init; } = 4096;

    /// <summary>Pair words are chosen only when the first batch holds at least this many quotes.</summary>
    public int PairWordsMinQuotes { get; init; } = 1000;

    /// <summary>Quotes per write transaction; each becomes one segment (as a bulk load into the store would).</summary>
    public int BatchSize { get; init; } = 2048;

    /// <summary>Segments of one size tier merged into one (tiered merging after every batch).</summary>
    public int MergeFactor { get; init; } = 10;

    /// <summary>After the import, merge every segment into one.</summary>
    public bool FinalMerge { get; init; }

    /// <summary>
    /// Import through the index's bulk path (postings buffered across batches, spilled as large segments, merged into
    /// one at the end); false: a segment per batch and tiered merges after each, as single writes would.
    /// </summary>
    public bool Bulk { get; init; } = true;

    /// <summary>Print memory figures at every spill of the bulk path.</summary>
    public bool Trace { get; init; }

    /// <summary>The bulk path's buffer budget in bytes.</summary>
    public long BulkBudget { get; init; } = 64L << 20;
}

/// <summary>
/// Imports quotes (ids 1, 2, 3, ...) into a new bench file through the store's postings index: each batch is
/// tokenized (and its bodies encoded) in parallel, one tokenizer per thread, while the previous batch is written in
/// its own transaction (a new segment plus its quote rows), after which the index's tiered merges run.
/// </summary>
internal static class Indexer
{
    public sealed record Summary(int Quotes, int Segments, int Merges, double MergeSeconds, double FinalMergeSeconds)
    {
        /// <summary>CPU milliseconds by phase (analysis and bodies summed over the worker threads; the rest on the writer).</summary>
        public Dictionary<string, double> CpuMs { get; init; } = [];

        /// <summary>Peak RSS (MB) before the final merge, and within it (the peak reset when it starts).</summary>
        public double LoadPeakMb { get; init; }

        public double FinalMergePeakMb { get; init; }

        /// <summary>RSS (MB) when the final merge starts, after a full collection.</summary>
        public double FinalMergeStartMb { get; init; }

        /// <summary>Managed bytes allocated by the final merge.</summary>
        public long FinalMergeAllocated { get; init; }
    }

    /// <summary>Pair words: tokens in at least this share of the first batch's quotes (the commonest <see cref="MaxPairWords"/>).</summary>
    public const double PairWordShare = 0.1;

    public const int MaxPairWords = 32;

    public static Summary Build(IEnumerable<NewQuote> quotes, string path, BuildOptions options)
    {
        foreach (var f in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }

        using (var init = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            init.Open();
            using var c = init.CreateCommand();
            // Incremental auto-vacuum, as the store's files have: the pages a merge frees are given back after the import.
            c.CommandText = $"PRAGMA page_size = {options.PageSize}; PRAGMA auto_vacuum = INCREMENTAL; VACUUM; {BenchFile.QuotesSchema}";
            c.ExecuteNonQuery();
        }

        using var connection = BenchFile.Open(path, 16);
        using var tokenizers = new ThreadLocal<(PostingsTokenizer Tokenizer, List<string> Scratch)>(() => (new PostingsTokenizer(), []), trackAllValues: true);
        var codec = new BodyCodec(options.Bodies);
        PostingsIndex? index = null;
        PostingsBulkLoad? bulk = null;
        int nextId = 1, batches = 0, merges = 0;
        double mergeSeconds = 0;
        Task pending = Task.CompletedTask;
        long analyzeUs = 0, bodiesUs = 0;
        double bufferMs = 0, spillMs = 0, rowsMs = 0;
        try
        {
            foreach (var chunk in quotes.Chunk(options.BatchSize))
            {
                index ??= CreateIndex(chunk);
                var first = nextId;
                nextId += chunk.Length;
                var analyses = new Analysis[chunk.Length];
                var bodies = new byte[chunk.Length][];
                var ix = index;
                Parallel.For(0, chunk.Length, i =>
                {
                    var (t, scratch) = tokenizers.Value;
                    var c0 = BenchCommand.ThreadCpuMs();
                    analyses[i] = ix.Analyze(IndexedQuote.From(chunk[i]), t, scratch);
                    var c1 = BenchCommand.ThreadCpuMs();
                    bodies[i] = codec.Encode(chunk[i]);
                    Interlocked.Add(ref analyzeUs, (long)((c1 - c0) * 1000));
                    Interlocked.Add(ref bodiesUs, (long)((BenchCommand.ThreadCpuMs() - c1) * 1000));
                });
                pending.GetAwaiter().GetResult();
                pending = Task.Run(() => Write(ix, chunk, first, analyses, bodies));
                batches++;
            }

            pending.GetAwaiter().GetResult();
            if (index is null)
            {
                throw new ArgumentException("No quotes to import.", nameof(quotes));
            }

            using (var tx = connection.BeginTransaction())
            using (var runs = connection.CreateCommand())
            {
                runs.Transaction = tx;
                runs.CommandText = "INSERT INTO body_runs(id, run) VALUES ($i, $r)";
                runs.Parameters.Add(new SqliteParameter { ParameterName = "$i" });
                runs.Parameters.Add(new SqliteParameter { ParameterName = "$r" });
                for (var i = 0; i < codec.Runs.Count; i++)
                {
                    runs.Parameters[0].Value = i;
                    runs.Parameters[1].Value = codec.Runs[i];
                    runs.ExecuteNonQuery();
                }

                tx.Commit();
            }

            var loadPeak = Rss("VmHWM:");
            // The final merge's own footprint: from a collected heap (the load's garbage given back), peak reset.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var mergeStart = Rss("VmRSS:");
            File.WriteAllText("/proc/self/clear_refs", "5");
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var final = Stopwatch.StartNew();
            var finalCpu = BenchCommand.ThreadCpuMs();
            if (bulk is not null)
            {
                var spills = bulk.Segments.Count + (bulk.Pending > 0 ? 1 : 0);
                bulk.Complete();
                merges += spills > 1 ? 1 : 0;
            }

            finalCpu = BenchCommand.ThreadCpuMs() - finalCpu;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var mergePeak = Rss("VmHWM:");

            if (options.FinalMerge && index.Segments().Count > 1)
            {
                index.Merge(index.Segments().Select(s => s.Id).ToList());
                merges++;
            }

            var finalSeconds = final.Elapsed.TotalSeconds;
            using (var c = connection.CreateCommand())
            {
                c.CommandText = "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE)";
                c.ExecuteNonQuery();
            }

            return new Summary(nextId - 1, index.Segments().Count, merges, mergeSeconds, finalSeconds)
            {
                CpuMs = new()
                {
                    ["analysis (workers)"] = analyzeUs / 1000.0, ["bodies (workers)"] = bodiesUs / 1000.0,
                    ["buffer (writer)"] = bufferMs, ["spills (writer)"] = spillMs, ["quote rows (writer)"] = rowsMs, ["final merge"] = finalCpu,
                },
                LoadPeakMb = loadPeak, FinalMergeStartMb = mergeStart, FinalMergePeakMb = mergePeak, FinalMergeAllocated = allocated,
            };
        }
        finally
        {
            index?.Dispose();
            foreach (var (t, _) in tokenizers.Values)
            {
                t.Dispose();
            }
        }

        PostingsIndex CreateIndex(NewQuote[] firstBatch)
        {
            // As the store does (migration 8), from the first batch: the commonest tokens held by at least one quote in ten.
            var (t, scratch) = tokenizers.Value;
            var df = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var q in firstBatch)
            {
                foreach (var term in Analysis.Of(t, IndexedQuote.From(q), scratch).Terms.Keys)
                {
                    df[term] = df.GetValueOrDefault(term) + 1;
                }
            }

            var words = firstBatch.Length < options.PairWordsMinQuotes ? [] : df.Where(x => x.Value >= PairWordShare * firstBatch.Length)
                .OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(MaxPairWords).Select(x => x.Key).ToList();
            PostingsIndex.Create(connection, new PostingsOptions
            {
                BlockSize = options.BlockSize, ChunkBlocks = options.ChunkBlocks, PairWords = words, PairsWithAnyWord = options.PairsWithAnyWord,
                MergeFactor = options.MergeFactor, SegmentMinimum = 1,
            });
            return PostingsIndex.Open(connection);
        }

        void Write(PostingsIndex ix, NewQuote[] items, int first, Analysis[] analyses, byte[][] bodies)
        {
            if (options.Bulk)
            {
                bulk ??= ix.BeginBulkLoad(options.BulkBudget);
                var before = bulk.Segments.Count;
                var buffered = bulk.BufferedBytes;
                var c0 = BenchCommand.ThreadCpuMs();
                var rows = 0.0;
                bulk.Add(analyses.Select((a, i) => (first + i, a)).ToList(), () =>
                {
                    var r0 = BenchCommand.ThreadCpuMs();
                    InsertRows(ix, items, first, bodies);
                    rows = BenchCommand.ThreadCpuMs() - r0;
                });
                var spent = BenchCommand.ThreadCpuMs() - c0 - rows;
                rowsMs += rows;
                if (bulk.Segments.Count > before)
                {
                    spillMs += spent;
                }
                else
                {
                    bufferMs += spent;
                }

                if (options.Trace && batches % 4 == 0)
                {
                    var info = GC.GetGCMemoryInfo();
                    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"  batch {batches}: buffer {bulk.BufferedBytes / 1048576.0:N0} MB; heap {info.HeapSizeBytes / 1048576.0:N0} MB (fragmented {info.FragmentedBytes / 1048576.0:N0}, committed {info.TotalCommittedBytes / 1048576.0:N0}); total memory {GC.GetTotalMemory(false) / 1048576.0:N0} MB; gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; RSS {Rss("VmRSS:"):N0} MB, peak {Rss("VmHWM:"):N0} MB"));
                }

                if (options.Trace && bulk.Segments.Count > before)
                {
                    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"  spill {bulk.Segments.Count} after quote {first + items.Length - 1:N0}: buffer {buffered / 1048576.0:N0} MB counted; managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MB; RSS {Rss("VmRSS:"):N0} MB, peak {Rss("VmHWM:"):N0} MB"));
                }

                return;
            }

            using (var w = ix.BeginWrite())
            {
                w.AddAnalyzed(analyses.Select((a, i) => (first + i, a)).ToList());
                InsertRows(ix, items, first, bodies);
                w.Commit();
            }

            var sw = Stopwatch.StartNew();
            merges += ix.MergeAsNeeded();
            mergeSeconds += sw.Elapsed.TotalSeconds;
        }

        void InsertRows(PostingsIndex ix, NewQuote[] items, int first, byte[][] bodies)
        {
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = ix.CurrentTransaction;
                insert.CommandText = "INSERT INTO quotes(id, speaker_id, added_at, body) VALUES ($id, $s, $at, $b)";
                foreach (var p in new[] { "$id", "$s", "$at", "$b" })
                {
                    insert.Parameters.Add(new SqliteParameter { ParameterName = p });
                }

                for (var i = 0; i < items.Length; i++)
                {
                    insert.Parameters[0].Value = first + i;
                    insert.Parameters[1].Value = items[i].Speaker is { Length: > 0 } name ? ix.SpeakerId(name) : DBNull.Value;
                    insert.Parameters[2].Value = items[i].AddedAt.ToUnixTimeSeconds();
                    insert.Parameters[3].Value = bodies[i];
                    insert.ExecuteNonQuery();
                }
            }
        }
    }

    /// <summary>A memory figure of this process from /proc/self/status, in MB.</summary>
    public static double Rss(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }
}
