using System.Runtime.CompilerServices;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;

namespace QuoteBot.Core.Storage;

/// <summary>
/// A complete, thread-safe store kept in memory: for tests of the command layer and adapters, and for trying the bot
/// without a database file. Search is a linear scan with a crude English stemmer, fine for a few thousand quotes.
/// </summary>
public sealed partial class InMemoryQuoteStore : IQuoteStore, IQuoteSearch, IStateStore, IArticleStore, IFollowStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Quote> _quotes = [];
    private readonly Dictionary<string, string> _state = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];
    private readonly Dictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private readonly List<NewArticle> _articles = [];
    private long _maxId;

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<Quote?> GetAsync(long id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_quotes.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<Quote>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Quote> found = ids.Select(i => _quotes.GetValueOrDefault(i)).OfType<Quote>().ToArray();
            return Task.FromResult(found);
        }
    }

    public Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default)
    {
        QuoteRules.Ensure(quote);
        lock (_gate)
        {
            return Task.FromResult(AddLocked(quote, actor));
        }
    }

    public Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        var all = quotes.ToList();
        foreach (var q in all)
        {
            QuoteRules.Ensure(q);
        }

        lock (_gate)
        {
            var added = 0;
            var dupes = 0;
            foreach (var q in all)
            {
                if (AddLocked(q, actor).Added)
                {
                    added++;
                }
                else
                {
                    dupes++;
                }
            }

            return Task.FromResult(new ImportSummary(added, dupes));
        }
    }

    private AddResult AddLocked(NewQuote quote, Actor actor)
    {
        NewQuoteRules.Check(quote);
        var candidate = quote.ToQuote(0);
        var existing = _quotes.Values.FirstOrDefault(q => q.Scope == candidate.Scope && q.DedupeKey == candidate.DedupeKey);
        if (existing is not null)
        {
            return new AddResult(existing, false);
        }

        var stored = candidate with { Id = ++_maxId };
        Put(stored);
        _audit.Add(new AuditEntry(stored.Id, "add", actor.Id, actor.DisplayName, quote.AddedAt, null, stored));
        return new AddResult(stored, true);
    }

    public Task<bool> HasArticleAsync(Scope scope, string canonicalUrl, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_articles.Any(a => a.Scope == scope && a.CanonicalUrl == canonicalUrl));
        }
    }

    public Task<ArticleAddResult> AddArticleAsync(NewArticle article, IReadOnlyList<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(quotes);
        foreach (var q in quotes)
        {
            NewQuoteRules.Check(q);
        }

        lock (_gate)
        {
            if (_articles.Any(a => a.Scope == article.Scope && (a.CanonicalUrl == article.CanonicalUrl || a.ContentHash == article.ContentHash)))
            {
                return Task.FromResult(new ArticleAddResult(false, ImportSummary.Zero));
            }

            _articles.Add(article);
            int added = 0, dupes = 0;
            foreach (var q in quotes)
            {
                if (AddLocked(q, actor).Added)
                {
                    added++;
                }
                else
                {
                    dupes++;
                }
            }

            return Task.FromResult(new ArticleAddResult(true, new ImportSummary(added, dupes)));
        }
    }

    public Task<IReadOnlyList<Quote>> ListPendingAsync(Scope? scope, long afterId, int limit, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Quote> list = _quotes.Values
                .Where(q => q.Status == QuoteStatus.Pending && q.Id > afterId && (scope is null || q.Scope == scope.Value))
                .Take(Math.Max(0, limit))
                .ToArray();
            return Task.FromResult(list);
        }
    }

    public Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default)
    {
        QuoteRules.Ensure(edit);
        lock (_gate)
        {
            if (!_quotes.TryGetValue(id, out var before))
            {
                return Task.FromResult<Quote?>(null);
            }

            if (edit.IsEmpty)
            {
                return Task.FromResult<Quote?>(before);
            }

            var text = edit.Text ?? before.Text;
            var speaker = edit.Speaker is null ? before.Speaker : (string.IsNullOrWhiteSpace(edit.Speaker) ? null : edit.Speaker);
            var url = edit.SourceUrl is null ? before.Source.Url : (string.IsNullOrWhiteSpace(edit.SourceUrl) ? null : edit.SourceUrl);
            var after = before with
            {
                Text = text,
                Speaker = speaker,
                SpeakerKey = TextFolding.SpeakerKey(speaker),
                DedupeKey = TextFolding.DedupeKey(text, speaker),
                Source = before.Source with { Url = url },
            };
            var clash = _quotes.Values.FirstOrDefault(q => q.Id != id && q.Scope == after.Scope && q.DedupeKey == after.DedupeKey);
            if (clash is not null)
            {
                throw new DuplicateQuoteException(id, clash.Id);
            }

            Put(after);
            _audit.Add(new AuditEntry(id, "edit", actor.Id, actor.DisplayName, DateTimeOffset.UtcNow, before, after));
            return Task.FromResult<Quote?>(after);
        }
    }

    public Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default) =>
        Task.FromResult(ChangeStatus(id, from: null, status, actor)?.Quote);

    public Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus from, QuoteStatus to, Actor actor, CancellationToken ct = default) =>
        Task.FromResult(ChangeStatus(id, from, to, actor));

    private StatusChange? ChangeStatus(long id, QuoteStatus? from, QuoteStatus to, Actor actor)
    {
        lock (_gate)
        {
            if (!_quotes.TryGetValue(id, out var before))
            {
                return null;
            }

            if (before.Status == to || (from is { } expected && before.Status != expected))
            {
                return new StatusChange(before, Changed: false);
            }

            var after = before with { Status = to };
            Put(after);
            _audit.Add(new AuditEntry(id, StatusAudit.Action(before.Status, to), actor.Id, actor.DisplayName, DateTimeOffset.UtcNow, before, after));
            return new StatusChange(after, Changed: true);
        }
    }

    public Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, RestoreMode mode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        var all = quotes.ToList();
        foreach (var q in all)
        {
            QuoteRules.Ensure(q);
        }

        lock (_gate)
        {
            var added = 0;
            var updated = 0;
            var same = 0;
            var conflicts = new List<long>();
            var now = DateTimeOffset.UtcNow;
            foreach (var raw in all)
            {
                // Keys are recomputed: they are ours to define, not the file's.
                var q = raw with { SpeakerKey = TextFolding.SpeakerKey(raw.Speaker), DedupeKey = TextFolding.DedupeKey(raw.Text, raw.Speaker) };
                var old = _quotes.GetValueOrDefault(q.Id);
                if (old == q || (mode == RestoreMode.KeepExisting && old?.DedupeKey == q.DedupeKey))
                {
                    same++;
                    continue;
                }

                if (mode == RestoreMode.KeepExisting && old is not null)
                {
                    conflicts.Add(q.Id);
                    continue;
                }

                if (_quotes.Values.Any(o => o.Id != q.Id && o.Scope == q.Scope && o.DedupeKey == q.DedupeKey))
                {
                    same++; // an equal quote already lives under another id: keep that one
                    continue;
                }

                if (old is null)
                {
                    added++;
                }
                else
                {
                    updated++;
                }

                Put(q);
                _maxId = Math.Max(_maxId, q.Id);
                _audit.Add(new AuditEntry(q.Id, "import", actor.Id, actor.DisplayName, now, old, q));
            }

            return Task.FromResult(new ImportSummary(added, same, updated) { Conflicts = conflicts });
        }
    }

    public async IAsyncEnumerable<Quote> ExportAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        Quote[] all;
        lock (_gate)
        {
            all = _quotes.Values.ToArray();
        }

        foreach (var q in all)
        {
            ct.ThrowIfCancellationRequested();
            yield return q;
        }

        await Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> rows = _audit.Where(a => a.QuoteId == quoteId).ToArray();
            return Task.FromResult(rows);
        }
    }

    public Task<long> CountAsync(Visibility visibility, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_quotes.Values.Count(q => q.Status == QuoteStatus.Active && visibility.CanSee(q.Scope)));
        }
    }

    public Task<long> MaxIdAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_maxId);
        }
    }

    public Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
    {
        Quote[] pool;
        lock (_gate)
        {
            pool = _quotes.Values.Where(q => q.Status == QuoteStatus.Active && visibility.CanSee(q.Scope)).ToArray();
        }

        if (!query.HasText && query.Speaker is null)
        {
            return Task.FromResult(new SearchPage([], false)); // nothing positive to match (an empty query, or only -words)
        }

        if (!query.HasText)
        {
            // A speaker alone (perhaps with -words): that speaker's quotes, newest first, as the real stores list them.
            var bySpeaker = pool
                .Where(q => TextFolding.SpeakerMatches(q.SpeakerKey, query.Speaker!) && !Excludes(query, q))
                .OrderByDescending(q => q.Id)
                .ToArray();
            return Task.FromResult(new SearchPage(bySpeaker.Skip(offset).Take(limit).ToArray(), bySpeaker.Length > offset + limit));
        }

        var scored = new List<(Quote Quote, double Score)>();
        foreach (var q in pool)
        {
            if (query.Speaker is { } speaker && !TextFolding.SpeakerMatches(q.SpeakerKey, speaker))
            {
                continue;
            }

            var words = StemList(q.Text);
            var speakerWords = StemList(q.Speaker ?? string.Empty);
            var titleWords = StemList(q.Source.Title ?? string.Empty);
            if (Excludes(query, q))
            {
                continue;
            }

            // Not BM25: fixed weights per occurrence (text 10, speaker 3, title 1), shorter texts ahead.
            double score = 0;
            var ok = true;
            foreach (var term in query.Terms)
            {
                var stem = Stem(term);
                var hits = (10 * words.Count(w => w == stem)) + (3 * speakerWords.Count(w => w == stem)) + titleWords.Count(w => w == stem);
                if (hits == 0)
                {
                    ok = false;
                    break;
                }

                score += hits;
            }

            foreach (var phrase in query.Phrases)
            {
                if (!ok)
                {
                    break;
                }

                var folded = " " + TextFolding.Fold(q.Text) + " ";
                if (folded.Contains(" " + string.Join(' ', phrase) + " ", StringComparison.Ordinal))
                {
                    score += 20;
                }
                else
                {
                    ok = false;
                }
            }

            if (ok)
            {
                scored.Add((q, score / Math.Sqrt(1 + words.Count)));
            }
        }

        var ordered = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Quote.Id).Select(s => s.Quote).ToArray();
        var page = ordered.Skip(offset).Take(limit).ToArray();
        return Task.FromResult(new SearchPage(page, ordered.Length > offset + limit));
    }

    public Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default)
    {
        var p = TextFolding.Fold(prefix);
        lock (_gate)
        {
            IReadOnlyList<string> names = _quotes.Values
                .Where(q => q.Status == QuoteStatus.Active && visibility.CanSee(q.Scope) && q.Speaker is not null)
                .Where(q => p.Length == 0 || TextFolding.Fold(q.Speaker).Split(' ').Any(w => w.StartsWith(p, StringComparison.Ordinal)) || TextFolding.Fold(q.Speaker).StartsWith(p, StringComparison.Ordinal))
                .GroupBy(q => q.Speaker!)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(g => g.Key)
                .ToArray();
            return Task.FromResult(names);
        }
    }

    public Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_state.GetValueOrDefault(key));
        }
    }

    public Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _state[key] = value;
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue(key, out var until) && until > now)
            {
                return Task.FromResult(false);
            }

            _claims[key] = now + ttl;
            return Task.FromResult(true);
        }
    }

    public Task ReleaseClaimAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _claims.Remove(key);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether an excluded word (stemmed) or phrase occurs in the quote's text, speaker or source title: the columns
    /// the database stores search, so -word leaves out the same quotes everywhere.
    /// </summary>
    private static bool Excludes(QuoteQuery query, Quote q)
    {
        if (!query.HasExclusions)
        {
            return false;
        }

        string[] columns = [q.Text, q.Speaker ?? string.Empty, q.Source.Title ?? string.Empty];
        var stems = columns.SelectMany(Stems).ToHashSet(StringComparer.Ordinal);
        if (query.Excluded.Any(e => stems.Contains(Stem(e))))
        {
            return true;
        }

        var stemmedColumns = columns.Select(c => " " + string.Join(' ', TextFolding.Fold(c).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Stem)) + " ").ToArray();
        return query.ExcludedPhrases.Any(p =>
        {
            var phrase = " " + string.Join(' ', p.Select(Stem)) + " ";
            return stemmedColumns.Any(c => c.Contains(phrase, StringComparison.Ordinal));
        });
    }

    private static HashSet<string> Stems(string text) =>
        TextFolding.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Stem).ToHashSet(StringComparer.Ordinal);

    private static List<string> StemList(string text) =>
        TextFolding.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Stem).ToList();

    private static string Stem(string w)
    {
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }

        if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal))
        {
            return w[..^1];
        }

        return w;
    }
}
