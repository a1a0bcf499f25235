using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;

namespace QuoteBot.Host.Cli;

/// <summary>
/// <c>quotebot follow list [--scope S]</c>, <c>follow add &lt;url&gt; [--scope S] [--approve]</c>,
/// <c>follow remove &lt;url&gt; [--scope S]</c>: the operator's side of followed feeds, through the same
/// <see cref="FollowService"/> (feed check, address guard, validation) as the chat. Changes are audited as the local operator.
/// </summary>
internal static class FollowCliCommand
{
    private const string ScopeHelp = "global (default), tg:<chat id> or dc:<guild id>";

    public static Command Create()
    {
        var cmd = new Command("follow", "List, add or remove followed news feeds (checked by the running bot)");
        cmd.Subcommands.Add(ListCommand());
        cmd.Subcommands.Add(AddCommand());
        cmd.Subcommands.Add(RemoveCommand());
        return cmd;
    }

    private static Option<string?> ScopeOption() => new("--scope") { Description = ScopeHelp };

    private static bool TryScope(string? text, out Scope scope, out int exit)
    {
        scope = Scope.Global;
        exit = 0;
        if (text is null)
        {
            return true;
        }

        if (!QuoteRules.IsValidScope(text))
        {
            exit = CliApp.Fail("--scope must be global, tg:<chat id> or dc:<guild id>.");
            return false;
        }

        scope = new Scope(text);
        return true;
    }

    private static Command ListCommand()
    {
        var scope = ScopeOption();
        var cmd = new Command("list", "List followed feeds with their state (every scope unless --scope)") { scope };
        cmd.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(scope);
            if (!TryScope(text, out var s, out var exit))
            {
                return Task.FromResult(exit);
            }

            return CliApp.WithStore(async sp =>
            {
                var list = await sp.GetRequiredService<FollowService>().ListAsync(text is null ? null : s, ct);
                if (list.Count == 0)
                {
                    Console.Out.WriteLine(text is null ? "No feeds are followed." : $"No feeds are followed in {s.Key}.");
                    return 0;
                }

                foreach (var f in list)
                {
                    Console.Out.WriteLine($"[{f.Scope.Key}] {FollowText.Line(f)} · next check {(f.Paused ? "none (paused)" : FollowText.When(f.NextDueAt))}");
                }

                return 0;
            });
        });
        return cmd;
    }

    private static Command AddCommand()
    {
        var url = new Argument<string>("url") { Description = "The feed's link (RSS or Atom), http or https" };
        var scope = ScopeOption();
        var approve = new Option<bool>("--approve") { Description = "Store its quotes as approved instead of pending review" };
        var cmd = new Command("add", "Follow a feed: it is fetched once now to check it is a feed") { url, scope, approve };
        cmd.SetAction((parse, ct) =>
        {
            if (!TryScope(parse.GetValue(scope), out var s, out var exit))
            {
                return Task.FromResult(exit);
            }

            return CliApp.WithStore(async sp =>
            {
                var outcome = await sp.GetRequiredService<FollowService>().FollowAsync(s, parse.GetValue(url), parse.GetValue(approve), Actor.Local, null, ct);
                if (outcome.Result is not { } result)
                {
                    return CliApp.Fail("Not followed: " + outcome.Error);
                }

                var f = result.Follow;
                var what = result.Outcome switch
                {
                    FollowAddOutcome.Added => "Following",
                    FollowAddOutcome.Resumed => "Resumed (it was paused)",
                    FollowAddOutcome.Updated => "Changed",
                    _ => "Already following",
                };
                Console.Out.WriteLine($"{what} in {f.Scope.Key}: {FollowText.Line(f)}");
                return 0;
            });
        });
        return cmd;
    }

    private static Command RemoveCommand()
    {
        var url = new Argument<string>("url") { Description = "The followed feed's link" };
        var scope = ScopeOption();
        var cmd = new Command("remove", "Stop following a feed (quotes it brought stay)") { url, scope };
        cmd.SetAction((parse, ct) =>
        {
            if (!TryScope(parse.GetValue(scope), out var s, out var exit))
            {
                return Task.FromResult(exit);
            }

            return CliApp.WithStore(async sp =>
            {
                var result = await sp.GetRequiredService<FollowService>().UnfollowAsync(s, parse.GetValue(url), Actor.Local, ct);
                if (result.Error is { } error)
                {
                    return CliApp.Fail("Not removed: " + error);
                }

                if (result.Removed is not { } removed)
                {
                    return CliApp.Fail($"{s.Key} does not follow {result.CanonicalUrl} (see `quotebot follow list`).");
                }

                Console.Out.WriteLine($"Stopped following {removed.FeedUrl} in {removed.Scope.Key}.");
                return 0;
            });
        });
        return cmd;
    }
}
