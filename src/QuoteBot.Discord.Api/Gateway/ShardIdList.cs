using System.Globalization;

namespace QuoteBot.Discord.Api.Gateway;

/// <summary>Parses and checks a shard id list such as "0,1", "2-3" or "0-3, 8" (the <c>ShardIds</c> setting).</summary>
public static class ShardIdList
{
    /// <summary>Upper bound on the ids a list may name (Discord bots have far fewer shards; guards against "0-2000000000").</summary>
    public const int MaxShardId = 65535;

    /// <summary>
    /// Parses <paramref name="text"/> into sorted ids. Empty/whitespace gives an empty list (meaning "all shards").
    /// On failure returns false with a short reason (without the setting name; callers add it).
    /// </summary>
    public static bool TryParse(string? text, out IReadOnlyList<int> ids, out string? error)
    {
        ids = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var seen = new SortedSet<int>();
        foreach (string raw in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = raw.IndexOf('-', StringComparison.Ordinal);
            int from;
            int to;
            if (dash < 0)
            {
                if (!TryId(raw, out from))
                {
                    error = $"'{raw}' is not a shard id (use ids like \"0,1\" or ranges like \"2-3\")";
                    return false;
                }

                to = from;
            }
            else if (!TryId(raw[..dash], out from) || !TryId(raw[(dash + 1)..], out to) || to < from)
            {
                error = $"'{raw}' is not a shard range (use \"first-last\" with first <= last, e.g. \"2-3\")";
                return false;
            }

            for (int id = from; id <= to; id++)
            {
                if (!seen.Add(id))
                {
                    error = $"shard {id} is listed twice";
                    return false;
                }
            }
        }

        ids = seen.ToArray();
        return true;
    }

    /// <summary>Checks parsed ids against a shard count; null when they all fit.</summary>
    public static string? CheckAgainstCount(IReadOnlyList<int> ids, int shardCount)
    {
        if (shardCount < 1)
        {
            return $"the shard count must be at least 1 (it is {shardCount})";
        }

        int[] outside = ids.Where(id => id >= shardCount).ToArray();
        return outside.Length == 0
            ? null
            : $"shard id(s) {string.Join(", ", outside)} must be below the shard count {shardCount}";
    }

    private static bool TryId(string s, out int id) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= MaxShardId;
}
