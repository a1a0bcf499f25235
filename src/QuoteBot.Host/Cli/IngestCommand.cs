using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Model;
using QuoteBot.Ingest;
using Spectre.Console;

namespace QuoteBot.Host.Cli;

/// <summary>
/// <c>quotebot ingest &lt;url&gt;... [--scope S] [--approve]</c>: fetches article pages and feeds (every item of a feed)
/// with the same fetcher, limits and address check as the chat; the quotes found wait for review unless --approve.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var urls = new Argument<string[]>("url") { Description = "Article or feed (RSS, Atom) links, http or https", Arity = ArgumentArity.OneOrMore };
        var scope = new Option<string?>("--scope") { Description = "global (default), tg:<chat id> or dc:<guild id>" };
        var approve = new Option<bool>("--approve") { Description = "Store the quotes as approved instead of pending review" };
        var cmd = new Command("ingest", "Fetch news articles or feeds and queue their quotes for review") { urls, scope, approve };
        cmd.SetAction((parse, ct) =>
        {
            var scopeText = parse.GetValue(scope);
            if (scopeText is not null && !QuoteRules.IsValidScope(scopeText))
            {
                return Task.FromResult(CliApp.Fail("--scope must be global, tg:<chat id> or dc:<guild id>."));
            }

            return CliApp.WithStore(sp => RunAsync(
                sp,
                parse.GetValue(urls) ?? [],
                scopeText is null ? Scope.Global : new Scope(scopeText),
                parse.GetValue(approve),
                ct));
        });
        return cmd;
    }

    private static async Task<int> RunAsync(IServiceProvider sp, string[] urls, Scope scope, bool approve, CancellationToken ct)
    {
        var summary = await CliProgress.RunAsync<IngestProgress, IngestSummary>(
            "ingest",
            progress => sp.GetRequiredService<IngestRunner>().RunAsync(urls, scope, Actor.Local, approve, progress, ct),
            p => new ProgressLine(p.Done, p.Total, $"{p.Done}/{p.Total} links"),
            Console.Out,
            CliProgress.Interactive ? AnsiConsole.Console : null);

        foreach (var failure in summary.Failures)
        {
            Console.Error.WriteLine("failed " + failure);
        }

        var quotes = approve ? $"{Plural(summary.QuotesApproved, "quote")} approved" : $"{Plural(summary.QuotesPending, "quote")} pending review";
        var reasons = summary.FailuresByReason.Count == 0
            ? "0 failed"
            : $"{summary.FailureCount} failed (" + string.Join(", ", summary.FailuresByReason.Select(r => $"{r.Key} {r.Value}")) + ")";
        Console.Out.WriteLine($"Fetched {Plural(summary.ArticlesFetched, "article")}: {quotes}, {summary.Duplicates} already added, {reasons}.");
        return summary.ArticlesFetched == 0 && summary.FailureCount > 0 ? 1 : 0;
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
