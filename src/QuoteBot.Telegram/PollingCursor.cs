using System.Globalization;
using QuoteBot.Core.Storage;

namespace QuoteBot.Telegram;

/// <summary>
/// Which updates are handled, persisted through <see cref="IStateStore"/> so that a restart neither loses nor repeats
/// one. The offset sent to getUpdates (which confirms everything below it) is the lowest update still being handled,
/// or one past the highest handled; updates above it that already finished are remembered and skipped when Telegram
/// delivers them again.
/// </summary>
internal sealed class PollingCursor
{
    private readonly SortedSet<int> _pending = [];
    private readonly SortedSet<int> _done = [];
    private int _next;

    private PollingCursor(int next, IEnumerable<int> done)
    {
        _next = next;
        foreach (var id in done.Where(d => d >= next))
        {
            _done.Add(id);
        }

        if (_done.Count > 0)
        {
            _next = Math.Max(_next, _done.Max + 1);
        }

        Offset = next;
    }

    /// <summary>The getUpdates offset: every update below it is handled.</summary>
    public int Offset { get; private set; }

    public bool IsKnown(int updateId) => updateId < Offset || _pending.Contains(updateId) || _done.Contains(updateId);

    public void Started(int updateId)
    {
        _pending.Add(updateId);
        _next = Math.Max(_next, updateId + 1);
        Recompute();
    }

    public void Finished(int updateId)
    {
        _pending.Remove(updateId);
        _done.Add(updateId);
        Recompute();
    }

    private void Recompute()
    {
        Offset = _pending.Count > 0 ? _pending.Min : _next;
        _done.RemoveWhere(d => d < Offset);
    }

    public static string StateKey(TelegramOptions options) => "telegram:polling:" + options.BotId;

    public static async Task<PollingCursor> LoadAsync(IStateStore state, string key, CancellationToken ct)
    {
        var raw = await state.GetAsync(key, ct);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new PollingCursor(0, []);
        }

        var parts = raw.Split('|');
        var next = int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : 0;
        var done = parts.Length > 1
            ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : -1)
                .Where(d => d >= 0)
            : [];
        return new PollingCursor(next, done);
    }

    public string Serialize() =>
        Offset.ToString(CultureInfo.InvariantCulture) + "|" + string.Join(',', _done.Select(d => d.ToString(CultureInfo.InvariantCulture)));
}
