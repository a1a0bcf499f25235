using System.CommandLine;
using System.Globalization;

namespace QuoteBot.Bench;

/// <summary><c>quotebot-bench soak [--minutes N]</c>: the soak of <see cref="Soak"/>, printed as it goes.</summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "How long to run.", DefaultValueFactory = _ => 60 };
        var every = new Option<double>("--sample-minutes") { Description = "Minutes between resource samples.", DefaultValueFactory = _ => 5 };
        var quotes = new Option<int>("--quotes") { Description = "Synthetic quotes to seed a new database with.", DefaultValueFactory = _ => 20_000 };
        var db = new Option<string?>("--db") { Description = "Database file (default: a new one in the temp folder, deleted at the end). An existing file is used as it is." };
        var command = new Command("soak", "Run the bot's Discord and Telegram adapters against the fakes with random commands; print RSS, GC heap, fds, threads and answered/lost/duplicated counts.")
        {
            minutes, every, quotes, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var m = parse.GetValue(minutes);
            var s = parse.GetValue(every);
            var n = parse.GetValue(quotes);
            if (m <= 0 || s <= 0 || n < 1)
            {
                await Console.Error.WriteLineAsync("--minutes, --sample-minutes and --quotes must be positive.");
                return 2;
            }

            var given = parse.GetValue(db);
            var path = ScratchDatabase.PathFor(given, "quotebot-soak");
            try
            {
                var result = await Soak.RunAsync(path, n, TimeSpan.FromMinutes(m), TimeSpan.FromMinutes(s), Print, ct);
                var ok = result.DiscordUnanswered == 0 && result.DiscordDuplicated == 0 && result.TelegramLost == 0 && result.TelegramDuplicated == 0;
                Print(ok ? "Every command answered exactly once." : "Some commands were lost or answered twice (see above).");
                return ok ? 0 : 1;
            }
            finally
            {
                ScratchDatabase.DeleteIfScratch(given, path);
            }
        });
        return command;
    }

    private static void Print(string line) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.UtcNow:HH:mm:ss}] {line}"));
}
