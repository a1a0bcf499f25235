using System.CommandLine;
using QuoteBot.Bench;

var root = new RootCommand("quotebot-bench: long runs of the whole bot against the in-process fakes of Discord and Telegram (not shipped).")
{
    SoakCommand.Create(),
    DiscordLatency.Create(),
};
return await root.Parse(args).InvokeAsync();
