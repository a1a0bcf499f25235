using System.Globalization;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;

namespace QuoteBot.Web;

/// <summary>Page links for chat replies: global quotes always, a community's own only while its pages are on.</summary>
public sealed class QuotePageLinks(IOptions<WebOptions> options, CommunityPages communities) : IQuotePageLinks
{
    public async ValueTask<string?> PageUrlAsync(Quote quote, CancellationToken ct = default)
    {
        if (options.Value.BaseUrl is not { } root || quote.Status != QuoteStatus.Active)
        {
            return null;
        }

        var id = quote.Id.ToString(CultureInfo.InvariantCulture);
        if (quote.Scope.IsGlobal)
        {
            return $"{root}/q/{id}";
        }

        return await communities.TokenOfAsync(quote.Scope, ct) is { } token ? $"{root}/c/{token}/q/{id}" : null;
    }
}

/// <summary><c>/web on|off</c>: a community's moderator publishes its own quotes as pages, or takes them down.</summary>
public sealed class WebCommand(CommunityPages communities, IOptions<WebOptions> options) : IChatCommand
{
    public CommandInfo Info { get; } = new("web", "[on|off]", "Publish this chat's own quotes as web pages, or stop", true);

    public async Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct)
    {
        var arg = (request.Arguments ?? string.Empty).Trim().ToLowerInvariant();
        if (arg is not ("" or "on" or "off"))
        {
            return new MessageReply("Usage: /web on, /web off, or /web to see whether this chat's quotes have pages.", MessageKind.Usage);
        }

        var root = options.Value.BaseUrl;
        if (context.Scope.IsGlobal)
        {
            return new MessageReply(root is null
                ? "The global quotes always have pages where the bot's web pages run; /web is for a group's own quotes."
                : $"The global quotes always have pages: {root}/. /web is for a group's own quotes.", MessageKind.Info);
        }

        if (arg.Length == 0)
        {
            var token = await communities.TokenOfAsync(context.Scope, ct);
            return new MessageReply(token is null
                ? "This chat's own quotes have no web pages. A moderator can turn them on with /web on."
                : $"This chat's own quotes are on the web at {Where(root, token)} (anyone with the link can read them). /web off takes them down.", MessageKind.Info);
        }

        if (!await context.CanModerate(context.Scope, ct))
        {
            return new MessageReply("Only a moderator of this chat can do that.", MessageKind.Refused);
        }

        if (arg == "on")
        {
            var token = await communities.EnableAsync(context.Scope, ct);
            return new MessageReply($"This chat's own quotes are now on the web at {Where(root, token)}. Anyone with the link can read them; removed quotes never show. /web off takes them down.", MessageKind.Success);
        }

        return await communities.DisableAsync(context.Scope, ct)
            ? new MessageReply("This chat's quote pages are off; their link no longer works. /web on makes a new one.", MessageKind.Success)
            : new MessageReply("This chat's own quotes have no web pages.", MessageKind.Info);
    }

    private static string Where(string? root, string token) => root is null ? $"/c/{token}/ on the bot's web address" : $"{root}/c/{token}/";
}
