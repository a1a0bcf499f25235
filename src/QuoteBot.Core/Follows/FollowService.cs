using QuoteBot.Core.Model;

namespace QuoteBot.Core.Follows;

/// <summary>What the feed check found: a readable feed (with its title), or why not, in one line.</summary>
public sealed record FeedCheckResult(bool Ok, string? Title, string? Error)
{
    public static FeedCheckResult Feed(string? title) => new(true, title, null);

    public static FeedCheckResult Fail(string error) => new(false, null, error);
}

/// <summary>
/// Reads a feed link before it is followed (implemented by QuoteBot.Ingest with the one fetcher and its address guard):
/// the canonical form of a typed link, and one fetch that says whether it is an RSS or Atom feed.
/// </summary>
public interface IFeedCheck
{
    /// <summary>The canonical form of <paramref name="text"/> (http or https, lower-case host, no default port, no fragment, no tracking parameters).</summary>
    bool TryCanonical(string? text, out string canonical, out string error);

    /// <summary>Fetches <paramref name="canonicalUrl"/> once (every fetch limit and the address guard apply) and parses it as a feed.</summary>
    Task<FeedCheckResult> CheckAsync(string canonicalUrl, CancellationToken ct = default);
}

/// <summary>Wakes the feed poller when a follow was added or resumed in this process.</summary>
public sealed class FollowSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    /// <summary>Waits for <paramref name="delay"/> on <paramref name="time"/>, or less when woken. Throws on cancellation.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sleep = Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, time, cts.Token);
        var woken = _wake.WaitAsync(cts.Token);
        await Task.WhenAny(sleep, woken);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    public void Dispose() => _wake.Dispose();
}

/// <summary>How a follow request ended: <see cref="Result"/> when stored, else <see cref="Error"/> (one line).</summary>
public sealed record FollowRequestResult(FollowAddResult? Result, string? Error)
{
    public bool Ok => Result is not null;
}

/// <summary>What unfollowing did: <see cref="Removed"/>, or nothing followed under <see cref="CanonicalUrl"/>, or an <see cref="Error"/>.</summary>
public sealed record UnfollowResult(Follow? Removed, string? CanonicalUrl, string? Error);

/// <summary>
/// Follow, unfollow and list, shared by the chat commands and the CLI: the link is made canonical, a new feed is fetched
/// once to check that it is a feed (through the address guard), then stored (validated by <see cref="FollowRules"/>
/// again in the store). Following a feed the community already follows changes its auto-approve flag and resumes it
/// when paused, without fetching.
/// </summary>
public sealed class FollowService(IFollowStore store, IFeedCheck check, TimeProvider time, FollowSignal? signal = null)
{
    public async Task<FollowRequestResult> FollowAsync(Scope scope, string? link, bool autoApprove, Actor actor, string? conversationKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (QuoteRules.CheckScope(scope.Key) is { } badScope)
        {
            return new(null, QuoteRules.Sentence(badScope));
        }

        if (!check.TryCanonical(link, out var url, out var error))
        {
            return new(null, QuoteRules.Sentence(error));
        }

        string? title = null;
        var existing = await store.GetFollowAsync(scope, url, ct);
        if (existing is null)
        {
            var feed = await check.CheckAsync(url, ct);
            if (!feed.Ok)
            {
                return new(null, QuoteRules.Sentence(feed.Error ?? "the feed could not be read"));
            }

            title = feed.Title is { } t ? FollowRules.OneLine(t, 200) : null;
        }

        var follow = new NewFollow
        {
            Scope = scope,
            FeedUrl = url,
            Title = title ?? existing?.Title,
            AutoApprove = autoApprove,
            ConversationKey = conversationKey,
            At = time.GetUtcNow(),
        };
        if (FollowRules.Check(follow, actor) is { } problem)
        {
            return new(null, QuoteRules.Sentence(problem));
        }

        var result = await store.AddFollowAsync(follow, actor, ct);
        if (result.Outcome is FollowAddOutcome.Added or FollowAddOutcome.Resumed)
        {
            signal?.Wake();
        }

        return new(result, null);
    }

    /// <summary>
    /// Stops following: the removed follow; or, when the scope did not follow it, <see cref="UnfollowResult.Removed"/>
    /// null with the canonical link; or an <see cref="UnfollowResult.Error"/> for a bad link or scope.
    /// </summary>
    public async Task<UnfollowResult> UnfollowAsync(Scope scope, string? link, Actor actor, CancellationToken ct = default)
    {
        if (QuoteRules.CheckScope(scope.Key) is { } badScope)
        {
            return new(null, null, QuoteRules.Sentence(badScope));
        }

        if (!check.TryCanonical(link, out var url, out var error))
        {
            return new(null, null, QuoteRules.Sentence(error));
        }

        return new(await store.RemoveFollowAsync(scope, url, actor, time.GetUtcNow(), ct), url, null);
    }

    public Task<IReadOnlyList<Follow>> ListAsync(Scope? scope, CancellationToken ct = default) => store.ListFollowsAsync(scope, ct);
}
