using System.Diagnostics.Metrics;

namespace QuoteBot.Discord;

/// <summary>
/// Where an interaction's time goes inside this process, as histograms in milliseconds on the meter
/// <c>QuoteBot.Discord</c> (read with any metrics listener, e.g. <c>dotnet-counters</c> or <c>quotebot-bench discord</c>).
/// All four start from when the gateway read the interaction.
/// </summary>
public static class DiscordMetrics
{
    public const string MeterName = "QuoteBot.Discord";

    /// <summary>Gateway read → handler start: the pump's queue and its wait for a free slot.</summary>
    public const string Queued = "quotebot.discord.interaction.queued";

    /// <summary>Handler start → the answer built (the command: store search, rendering); tagged <c>command</c>.</summary>
    public const string Work = "quotebot.discord.interaction.work";

    /// <summary>The REST call of the first answer (callback POST), send → response read.</summary>
    public const string Respond = "quotebot.discord.interaction.respond";

    /// <summary>Gateway read → the first answer accepted by Discord's REST API (the answer or the deferral).</summary>
    public const string Answered = "quotebot.discord.interaction.answered";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> QueuedMs = Meter.CreateHistogram<double>(Queued, "ms");
    private static readonly Histogram<double> WorkMs = Meter.CreateHistogram<double>(Work, "ms");
    private static readonly Histogram<double> RespondMs = Meter.CreateHistogram<double>(Respond, "ms");
    private static readonly Histogram<double> AnsweredMs = Meter.CreateHistogram<double>(Answered, "ms");

    internal static void RecordQueued(TimeSpan t) => QueuedMs.Record(t.TotalMilliseconds);

    internal static void RecordWork(TimeSpan t, string command) => WorkMs.Record(t.TotalMilliseconds, new KeyValuePair<string, object?>("command", command));

    internal static void RecordRespond(TimeSpan t) => RespondMs.Record(t.TotalMilliseconds);

    internal static void RecordAnswered(TimeSpan t) => AnsweredMs.Record(t.TotalMilliseconds);
}
