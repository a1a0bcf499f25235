namespace QuoteBot.Storage.Sqlite.Postings;

internal sealed partial class PostingsIndex
{
    /// <summary>
    /// Merges segments into one in its own write transaction: their live quotes in increasing id order (deleted ones
    /// dropped), each term's postings joined and renumbered term by term (only one term's postings in memory), the
    /// new segment recorded and the old ones' rows deleted in the same transaction. Statistics do not change. Returns
    /// the new segment's id, or 0 when nothing in them was live.
    /// </summary>
    public int Merge(IReadOnlyCollection<int> segmentIds)
    {
        using var write = BeginWrite();
        var id = MergeSegments(segmentIds);
        write.Commit();
        return id;
    }

    /// <summary>
    /// Tiered merging: while some size tier (live quotes, by powers of <see cref="PostingsOptions.MergeFactor"/>) holds
    /// that many segments, its smallest ones are merged; a segment with more deleted quotes than live ones is rewritten.
    /// Each merge is its own transaction. Returns how many merges were made.
    /// </summary>
    public int MergeAsNeeded()
    {
        var factor = Options.MergeFactor;
        var merges = 0;
        while (true)
        {
            var segments = Segments();
            var pick = segments.Where(s => s.Live > 0)
                .GroupBy(s => (int)Math.Floor(Math.Log(s.Live, factor)))
                .Where(g => g.Count() >= factor)
                .OrderBy(g => g.Key)
                .Select(g => g.OrderBy(s => s.Live).Take(factor).Select(s => s.Id).ToList())
                .FirstOrDefault();
            if (pick is null && segments.FirstOrDefault(s => s.Deleted * 2 > s.Docs) is { Docs: > 0 } sparse)
            {
                pick = [sparse.Id];
            }

            if (pick is null)
            {
                return merges;
            }

            Merge(pick);
            merges++;
        }
    }

    private int MergeSegments(IReadOnlyCollection<int> segmentIds)
    {
        var all = Segments().ToDictionary(s => s.Id);
        var inputs = new List<SegmentView>();
        foreach (var id in segmentIds.Distinct())
        {
            if (!all.TryGetValue(id, out var info))
            {
                throw new ArgumentException($"There is no segment {id} to merge.", nameof(segmentIds));
            }

            inputs.Add(View(info));
        }

        // Inputs by their first quote id: segments over separate id ranges then join by plain concatenation.
        inputs.Sort((a, b) => (a.Docs > 0 ? a.QuoteIds[0] : 0).CompareTo(b.Docs > 0 ? b.QuoteIds[0] : 0));

        // The merged segment's quotes: every live quote of the inputs, by increasing id; remap[input][ord] = new ordinal.
        var live = new List<(int QuoteId, int Input, int Ord)>();
        for (var s = 0; s < inputs.Count; s++)
        {
            for (var ord = 0; ord < inputs[s].Docs; ord++)
            {
                if (!inputs[s].IsDead(ord))
                {
                    live.Add((inputs[s].QuoteIds[ord], s, ord));
                }
            }
        }

        live.Sort((a, b) => a.QuoteId.CompareTo(b.QuoteId));
        var remap = inputs.Select(v => Enumerable.Repeat(-1, v.Docs).ToArray()).ToArray();
        var ids = new int[live.Count];
        var lengths = new ushort[live.Count];
        for (var i = 0; i < live.Count; i++)
        {
            var (quoteId, input, ord) = live[i];
            if (i > 0 && live[i - 1].QuoteId == quoteId)
            {
                throw new InvalidDataException($"Quote {quoteId} is live in two segments.");
            }

            remap[input][ord] = i;
            ids[i] = quoteId;
            lengths[i] = inputs[input].Lengths[ord];
        }

        var newId = 0;
        if (live.Count > 0)
        {
            var terms = new SortedDictionary<string, List<(int Input, TermInfo Info)>>(StringComparer.Ordinal);
            for (var s = 0; s < inputs.Count; s++)
            {
                using var c = Command("SELECT term, id, count, skip FROM px_terms WHERE segment = $s", "$s");
                c.Parameters[0].Value = inputs[s].Id;
                using var r = c.ExecuteReader();
                while (r.Read())
                {
                    var term = r.GetString(0);
                    if (!terms.TryGetValue(term, out var list))
                    {
                        terms[term] = list = [];
                    }

                    list.Add((s, TermInfo.Decode(inputs[s].Id, r.GetInt32(1), r.GetInt32(2), (byte[])r.GetValue(3), Options)));
                }
            }

            newId = WriteSegment(ids, lengths, MergedTerms(terms, remap));
        }

        foreach (var v in inputs)
        {
            DropSegment(v.Id);
        }

        return newId;
    }

    private IEnumerable<(string Term, PostingList List)> MergedTerms(SortedDictionary<string, List<(int Input, TermInfo Info)>> terms, int[][] remap)
    {
        PostingCursor? cursor = null;
        foreach (var (term, parts) in terms)
        {
            var merged = new PostingList(PostingList.TermHasPositions(term));
            var last = -1;
            var sorted = true;
            foreach (var (input, info) in parts)
            {
                if (cursor is null)
                {
                    cursor = new PostingCursor(this, info);
                }
                else
                {
                    cursor.Reset(info);
                }

                for (var b = 0; b < info.Blocks; b++)
                {
                    cursor.StartBlock(b);
                    for (var i = 0; i < cursor.BlockCount; i++)
                    {
                        var (ord, wtf) = cursor.At(i);
                        var to = remap[input][ord];
                        if (to < 0)
                        {
                            continue;
                        }

                        merged.AddEncoded(to, wtf, merged.HasPositions ? cursor.EncodedPositionsAt(i) : []);
                        sorted &= to > last;
                        last = to;
                    }
                }
            }

            yield return (term, sorted ? merged : merged.Sorted());
        }
    }
}
