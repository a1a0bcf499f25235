using QuoteBot.Core.Model;
using QuoteBot.Core.Text;

namespace QuoteBot.Core.Storage;

public sealed partial class InMemoryQuoteStore
{
    // A speaker's active quotes, per speaker key and scope, each group numbered 0..n-1 in a list (the slots). A quote
    // that leaves its group (removed, pending, speaker or scope changed) gives its slot to the group's last quote, so
    // the numbers stay dense and a position is one lookup. Mirrors the speaker_slots tables of the SQL stores.
    private readonly Dictionary<string, SortedDictionary<string, List<long>>> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _slotOf = [];

    // Speaker key words → speaker keys, so speaker:name finds its speakers without a scan.
    private readonly Dictionary<string, HashSet<string>> _speakerWords = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="after"/> under its id and moves it between speaker groups as needed.</summary>
    private void Put(Quote after)
    {
        var before = _quotes.GetValueOrDefault(after.Id);
        _quotes[after.Id] = after;
        var oldGroup = before is null ? null : GroupOf(before);
        var newGroup = GroupOf(after);
        if (oldGroup == newGroup)
        {
            return;
        }

        if (oldGroup is { } o)
        {
            var list = _slots[o.SpeakerKey][o.Scope];
            var slot = _slotOf[after.Id];
            var last = list[^1];
            list[slot] = last;
            _slotOf[last] = slot;
            list.RemoveAt(list.Count - 1);
            _slotOf.Remove(after.Id);
        }

        if (newGroup is { } n)
        {
            if (!_slots.TryGetValue(n.SpeakerKey, out var scopes))
            {
                _slots[n.SpeakerKey] = scopes = new SortedDictionary<string, List<long>>(StringComparer.Ordinal);
                foreach (var word in n.SpeakerKey.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!_speakerWords.TryGetValue(word, out var keys))
                    {
                        _speakerWords[word] = keys = new HashSet<string>(StringComparer.Ordinal);
                    }

                    keys.Add(n.SpeakerKey);
                }
            }

            if (!scopes.TryGetValue(n.Scope, out var list))
            {
                scopes[n.Scope] = list = [];
            }

            _slotOf[after.Id] = list.Count;
            list.Add(after.Id);
        }
    }

    private static (string SpeakerKey, string Scope)? GroupOf(Quote q) =>
        q.Status == QuoteStatus.Active && q.SpeakerKey.Length > 0 ? (q.SpeakerKey, q.Scope.Key) : null;

    public Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(visibility);
        var words = TextFolding.SpeakerKey(speaker).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        lock (_gate)
        {
            if (words.Length == 0 || !_speakerWords.TryGetValue(words[0], out var candidates))
            {
                return Task.FromResult(SpeakerSlot.None);
            }

            // Groups in a fixed order (speaker key, then scope), numbered one after another.
            var groups = candidates.Where(k => TextFolding.SpeakerMatches(k, speaker)).Order(StringComparer.Ordinal)
                .SelectMany(k => _slots[k].Where(s => visibility.CanSee(new Scope(s.Key))).Select(s => s.Value))
                .ToList();
            long count = groups.Sum(g => (long)g.Count);
            Quote? found = null;
            var rest = position;
            foreach (var g in position >= 0 ? groups : [])
            {
                if (rest < g.Count)
                {
                    found = _quotes[g[(int)rest]];
                    break;
                }

                rest -= g.Count;
            }

            return Task.FromResult(new SpeakerSlot(count, found));
        }
    }
}
