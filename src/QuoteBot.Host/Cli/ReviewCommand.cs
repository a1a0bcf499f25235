using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Host.Cli;

/// <summary>
/// <c>quotebot review list [--scope S]</c>, <c>review approve &lt;id&gt;...</c>, <c>review reject &lt;id&gt;...</c>: the
/// operator's side of the review queue. Every change is audited as the local operator.
/// </summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var cmd = new Command("review", "List, approve or reject quotes waiting for review");
        cmd.Subcommands.Add(ListCommand());
        cmd.Subcommands.Add(DecideCommand("approve", "Approve pending quotes: they go public", QuoteStatus.Active));
        cmd.Subcommands.Add(DecideCommand("reject", "Reject pending quotes: they are removed", QuoteStatus.Removed));
        return cmd;
    }

    private static Command ListCommand()
    {
        var scope = new Option<string?>("--scope") { Description = "Only this scope: global, tg:<chat id> or dc:<guild id>" };
        var limit = new Option<int>("--limit") { Description = "How many (1-1000)", DefaultValueFactory = _ => 50 };
        var cmd = new Command("list", "List pending quotes, oldest first") { scope, limit };
        cmd.SetAction((parse, ct) =>
        {
            var scopeText = parse.GetValue(scope);
            if (scopeText is not null && !QuoteRules.IsValidScope(scopeText))
            {
                return Task.FromResult(CliApp.Fail("--scope must be global, tg:<chat id> or dc:<guild id>."));
            }

            var n = parse.GetValue(limit);
            if (n is < 1 or > 1000)
            {
                return Task.FromResult(CliApp.Fail("--limit must be between 1 and 1000."));
            }

            return CliApp.WithStore(async sp =>
            {
                var pending = await sp.GetRequiredService<IArticleStore>().ListPendingAsync(
                    scopeText is null ? null : new Scope(scopeText), 0, n, ct);
                if (pending.Count == 0)
                {
                    Console.Out.WriteLine("Nothing is waiting for review.");
                    return 0;
                }

                foreach (var q in pending)
                {
                    var text = q.Text.Length > 160 ? q.Text[..157] + "..." : q.Text;
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{q.Id} [{q.Scope.Key}] {q.Speaker ?? "(no speaker)"}: \u201c{text}\u201d"));
                    if (q.Source.Url is { } url)
                    {
                        Console.Out.WriteLine("    " + (q.Source.Title is null ? url : $"{q.Source.Title} <{url}>"));
                    }
                }

                return 0;
            });
        });
        return cmd;
    }

    private static Command DecideCommand(string name, string description, QuoteStatus status)
    {
        var ids = new Argument<string[]>("id") { Description = "Quote ids, like 42 or #42", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command(name, description) { ids };
        cmd.SetAction((parse, ct) =>
        {
            var parsed = new List<long>();
            foreach (var text in parse.GetValue(ids) ?? [])
            {
                if (!QuoteCommands.TryParseId(text, out var id))
                {
                    return Task.FromResult(CliApp.Fail($"'{text}' is not a quote id (like 42)."));
                }

                parsed.Add(id);
            }

            return CliApp.WithStore(async sp =>
            {
                var store = sp.GetRequiredService<IQuoteStore>();

                // Check every id first, then change: a typo changes nothing.
                foreach (var id in parsed)
                {
                    var q = await store.GetAsync(id, ct);
                    if (q is null)
                    {
                        return CliApp.Fail($"There is no quote #{id}.");
                    }

                    if (q.Status != QuoteStatus.Pending)
                    {
                        return CliApp.Fail($"Quote #{id} is not waiting for review (it is {q.Status.ToString().ToLowerInvariant()}).");
                    }
                }

                // Each id changes only if it still waits: a moderator in chat may decide one meanwhile.
                var done = new List<long>();
                var meanwhile = new List<long>();
                foreach (var id in parsed.Distinct())
                {
                    var change = await store.ChangeStatusAsync(id, QuoteStatus.Pending, status, Actor.Local, ct);
                    (change is { Changed: true } ? done : meanwhile).Add(id);
                }

                var verb = status == QuoteStatus.Active ? "Approved" : "Rejected";
                if (done.Count > 0)
                {
                    Console.Out.WriteLine($"{verb} {done.Count} quote{(done.Count == 1 ? "" : "s")}: " + Ids(done) + ".");
                }

                if (meanwhile.Count > 0)
                {
                    return CliApp.Fail($"Decided meanwhile by someone else, left as they are: {Ids(meanwhile)}.");
                }

                return 0;
            });
        });
        return cmd;
    }

    private static string Ids(IEnumerable<long> ids) => string.Join(", ", ids.Select(i => "#" + i.ToString(CultureInfo.InvariantCulture)));
}
