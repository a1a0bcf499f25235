using System.Globalization;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// One write transaction on a <see cref="PostingsIndex"/>: adds (to the tail, or as a segment when many), removals
/// (a deleted bit, or the tail rows), edits (removal + add of the new version under the same id) and restores (an
/// add again). The statistics (document frequencies, live quotes, tokens) change by exact deltas and are written at
/// <see cref="Commit"/> with everything else; a tail grown past its limit is written out as a segment then too.
/// Disposing without committing rolls everything back.
/// </summary>
internal sealed class PostingsWrite : IDisposable
{
    private readonly PostingsIndex _index;
    private readonly Dictionary<string, long> _df = new(StringComparer.Ordinal);
    private long _docs;
    private long _tokens;
    private bool _done;

    internal PostingsWrite(PostingsIndex index) => _index = index;

    /// <summary>Adds a quote under an id that is not live in the index.</summary>
    public void Add(int id, IndexedQuote quote) => AddAnalyzed([(id, _index.Analyze(quote))]);

    /// <summary>
    /// Adds quotes already analysed (with <see cref="PostingsIndex.Analyze"/>, e.g. in parallel); none of their ids may
    /// be live. At least <see cref="PostingsOptions.SegmentMinimum"/> of them become one new segment, fewer go to the tail.
    /// </summary>
    public void AddAnalyzed(IReadOnlyList<(int Id, Analysis Analysis)> quotes)
    {
        if (quotes.Count == 0)
        {
            return;
        }

        var sorted = quotes.OrderBy(q => q.Id).ToList();
        var segments = _index.Segments();
        // Ids above every id ever added cannot be live: a bulk load of new quotes skips the lookups.
        var highest = _index.Meta("max_doc");
        for (var i = 0; i < sorted.Count; i++)
        {
            var (id, a) = sorted[i];
            if (id < 1)
            {
                throw new ArgumentException($"Quote ids must be positive; got {id}.", nameof(quotes));
            }

            if (i > 0 && sorted[i - 1].Id == id)
            {
                throw new ArgumentException($"Quote {id} is given twice.", nameof(quotes));
            }

            if (a.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"Quote {id} has {a.Length} tokens; the index keeps lengths up to {ushort.MaxValue}.", nameof(quotes));
            }

            var where = id > highest ? default : _index.Locate(id, segments);
            if (where.Tail || where.Segment is not null)
            {
                throw new InvalidOperationException($"Quote {id} is already live in the postings index; edit it instead.");
            }

            Count(a, +1);
        }

        if (sorted[^1].Id > highest)
        {
            _index.SetMeta("max_doc", sorted[^1].Id);
        }

        if (sorted.Count >= _index.Options.SegmentMinimum)
        {
            WriteSegment(sorted);
        }
        else
        {
            foreach (var (id, a) in sorted)
            {
                AddToTail(id, a);
            }
        }
    }

    /// <summary>Removes the live version of a quote; <paramref name="quote"/> is its indexed content (for the statistics).</summary>
    public void Remove(int id, IndexedQuote quote)
    {
        var a = _index.Analyze(quote);
        var (tail, segment, ord) = _index.Locate(id, _index.Segments());
        if (tail)
        {
            CheckLength(id, _index.TailLength(id), a);
            foreach (var term in Terms(a))
            {
                _index.Exec("DELETE FROM px_tail WHERE term = $t AND doc = $d", ("$t", term.Term), ("$d", id));
            }

            _index.Exec("DELETE FROM px_tail_docs WHERE doc = $d", ("$d", id));
        }
        else if (segment is not null)
        {
            CheckLength(id, segment.Lengths[ord], a);
            _index.MarkDeleted(segment, ord);
        }
        else
        {
            throw new InvalidOperationException($"Quote {id} is not live in the postings index.");
        }

        Count(a, -1);
    }

    /// <summary>Replaces a live quote's content: its old version is deleted and the new one added under the same id.</summary>
    public void Edit(int id, IndexedQuote old, IndexedQuote updated)
    {
        Remove(id, old);
        Add(id, updated);
    }

    /// <summary>Makes a removed quote live again with its content (added again as a new version).</summary>
    public void Restore(int id, IndexedQuote quote) => Add(id, quote);

    /// <summary>Writes the statistics (and a full tail as a segment) and commits.</summary>
    public void Commit()
    {
        if (_index.TailCount() > _index.Options.TailLimit)
        {
            FlushTail();
        }

        using (var up = _index.Command("INSERT INTO px_df(term, df) VALUES ($t, $d) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df", "$t", "$d"))
        {
            foreach (var (term, delta) in _df)
            {
                if (delta != 0)
                {
                    up.Parameters[0].Value = term;
                    up.Parameters[1].Value = delta;
                    up.ExecuteNonQuery();
                }
            }
        }

        _index.Exec("DELETE FROM px_df WHERE df <= 0");
        _index.Exec("UPDATE px_meta SET value = value + $d WHERE key = 'docs'", ("$d", _docs));
        _index.Exec("UPDATE px_meta SET value = value + $d WHERE key = 'tokens'", ("$d", _tokens));
        _done = true;
        _index.EndWrite(commit: true);
    }

    /// <summary>Writes every tail quote into one new segment and empties the tail.</summary>
    public void FlushTail()
    {
        var docs = new List<(int Doc, int Length)>();
        using (var c = _index.Command("SELECT doc, length FROM px_tail_docs ORDER BY doc"))
        using (var r = c.ExecuteReader())
        {
            while (r.Read())
            {
                docs.Add((r.GetInt32(0), r.GetInt32(1)));
            }
        }

        if (docs.Count == 0)
        {
            return;
        }

        var ords = new Dictionary<int, int>();
        for (var i = 0; i < docs.Count; i++)
        {
            ords[docs[i].Doc] = i;
        }

        var lists = new List<(string, PostingList)>();
        using (var c = _index.Command("SELECT term, doc, wtf, positions FROM px_tail ORDER BY term, doc"))
        using (var r = c.ExecuteReader())
        {
            string? current = null;
            PostingList? list = null;
            while (r.Read())
            {
                var term = r.GetString(0);
                if (term != current)
                {
                    current = term;
                    list = new PostingList(PostingList.TermHasPositions(term));
                    lists.Add((term, list));
                }

                list!.AddEncoded(ords[r.GetInt32(1)], r.GetInt32(2), (byte[])r.GetValue(3));
            }
        }

        _index.WriteSegment(docs.Select(d => d.Doc).ToArray(), docs.Select(d => (ushort)d.Length).ToArray(), lists);
        _index.Exec("DELETE FROM px_tail");
        _index.Exec("DELETE FROM px_tail_docs");
    }

    private void WriteSegment(List<(int Id, Analysis Analysis)> sorted)
    {
        var lists = new Dictionary<string, PostingList>(StringComparer.Ordinal);
        for (var ord = 0; ord < sorted.Count; ord++)
        {
            foreach (var (term, wtf, positions) in Terms(sorted[ord].Analysis))
            {
                if (!lists.TryGetValue(term, out var list))
                {
                    lists[term] = list = new PostingList(positions is not null);
                }

                list.Add(ord, wtf, positions);
            }
        }

        _index.WriteSegment(sorted.Select(q => q.Id).ToArray(), sorted.Select(q => (ushort)q.Analysis.Length).ToArray(),
            lists.OrderBy(x => x.Key, CodePointOrder.Instance).Select(x => (x.Key, x.Value)));
    }

    /// <summary>
    /// Writes a segment built elsewhere (a bulk load's spill) of new quotes, with its statistics: the document
    /// frequency of each token in it, its tokens, and the highest id in it.
    /// </summary>
    internal int AddSegment(int[] ids, ushort[] lengths, IEnumerable<(string Term, PostingList List)> terms,
        IEnumerable<(string Term, long Df)> df, long tokens, int highest) =>
        AddSegment(ids, lengths, _index.WriteSegment(ids, lengths, terms), df, tokens, highest);

    /// <summary>As above, the terms streamed into the segment's <see cref="PostingsIndex.TermWriter"/>.</summary>
    internal int AddSegment(int[] ids, ushort[] lengths, Action<PostingsIndex.TermWriter> terms,
        IEnumerable<(string Term, long Df)> df, long tokens, int highest, int pipePageBytes = 0) =>
        AddSegment(ids, lengths, _index.WriteSegment(ids, lengths, terms, pipePageBytes), df, tokens, highest);

    private int AddSegment(int[] ids, ushort[] lengths, int segment, IEnumerable<(string Term, long Df)> df, long tokens, int highest)
    {
        foreach (var (term, n) in df)
        {
            _df[term] = _df.GetValueOrDefault(term) + n;
        }

        _docs += ids.Length;
        _tokens += tokens;
        if (highest > _index.Meta("max_doc"))
        {
            _index.SetMeta("max_doc", highest);
        }

        return segment;
    }

    private void AddToTail(int id, Analysis a)
    {
        _index.Exec("INSERT INTO px_tail_docs(doc, length) VALUES ($d, $l)", ("$d", id), ("$l", a.Length));
        using var ins = _index.Command("INSERT INTO px_tail(term, doc, wtf, positions) VALUES ($t, $d, $w, $p)", "$t", "$d", "$w", "$p");
        foreach (var (term, wtf, positions) in Terms(a))
        {
            var encoded = positions is null ? [] : PostingList.EncodePositions(positions.Value);
            ins.Parameters[0].Value = term;
            ins.Parameters[1].Value = id;
            ins.Parameters[2].Value = wtf;
            ins.Parameters[3].Value = encoded;
            ins.ExecuteNonQuery();
        }
    }

    /// <summary>Every posting a quote makes: its tokens (with positions), its pair terms and its speaker's pseudo-term (without).</summary>
    internal IEnumerable<(string Term, int Wtf, ArraySegment<int>? Positions)> Terms(Analysis a)
    {
        foreach (var (term, o) in a.Terms)
        {
            yield return (term, o.Wtf, o.Positions);
        }

        foreach (var (pair, wtf) in a.Pairs ?? [])
        {
            yield return (pair, wtf, null);
        }

        if (a.Speaker is { Length: > 0 } name)
        {
            yield return (SpeakerTerm(name), 1, null);
        }
    }

    /// <summary>The pseudo-term of a speaker's quotes (the speaker registered when new).</summary>
    internal string SpeakerTerm(string name) => _index.SpeakerTermOf(name);

    private void Count(Analysis a, int sign)
    {
        _docs += sign;
        _tokens += sign * a.Length;
        foreach (var term in a.Terms.Keys)
        {
            _df[term] = _df.GetValueOrDefault(term) + sign;
        }
    }

    private static void CheckLength(int id, int stored, Analysis a)
    {
        if (stored != a.Length)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Quote {id} was indexed with {stored} tokens but the content given has {a.Length}; give the content it was indexed with."));
        }
    }

    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            _index.EndWrite(commit: false);
        }
    }
}
