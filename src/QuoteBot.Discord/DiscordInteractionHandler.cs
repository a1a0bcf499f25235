using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Storage;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord;

/// <summary>
/// Answers one interaction (slash command, context menu, button, autocomplete or form) through the command layer.
/// Every interaction is acknowledged within 3 seconds: answered at once when the handler is fast, otherwise deferred and
/// the original response edited when the answer is ready. Resolved per interaction from its own DI scope.
/// </summary>
public sealed class DiscordInteractionHandler(
    QuoteCommands commands,
    IQuoteSearch search,
    DiscordRestClient rest,
    DiscordRenderer renderer,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordInteractionHandler> logger)
{
    public const string StaleButton = "That button no longer works.";
    public const string Failure = "Something went wrong while answering. Please try again.";
    public const string FormSourceError = "The source must be a http(s) link, like https://example.com/article";
    public const string PartialAddUsage = "Give both text and speaker (and optionally a source link), or run /addquote without options to open a form.";
    public const string EditNothing = "Give at least one of text, speaker or source to change.";
    public const string EmptyMessage = "That message has no text to save as a quote.";

    private static readonly TimeSpan HandlerTimeout = TimeSpan.FromMinutes(10);
    private readonly DiscordOptions _options = options.Value;
    private readonly IReadOnlySet<ulong> _moderatorRoles = options.Value.ParsedModeratorRoleIds;
    private TimeSpan _waited;
    private long _started;

    /// <summary>
    /// Answers <paramref name="interaction"/>. <paramref name="waited"/> is how long it already waited in this process
    /// (for a free slot): it is taken off <see cref="DiscordOptions.AnswerWithin"/>, so a queued interaction is deferred
    /// sooner and still acknowledged within Discord's window.
    /// </summary>
    public async Task HandleAsync(Interaction interaction, CancellationToken ct, TimeSpan waited = default)
    {
        _started = Stopwatch.GetTimestamp();
        _waited = waited < TimeSpan.Zero ? TimeSpan.Zero : waited;
        DiscordMetrics.RecordQueued(_waited);
        try
        {
            switch (interaction.Type)
            {
                case InteractionType.ApplicationCommand when interaction.Data?.Type == ApplicationCommandType.Message:
                    await SaveAsQuoteAsync(interaction, ct);
                    break;
                case InteractionType.ApplicationCommand:
                    await SlashCommandAsync(interaction, ct);
                    break;
                case InteractionType.MessageComponent:
                    await ButtonAsync(interaction, ct);
                    break;
                case InteractionType.ApplicationCommandAutocomplete:
                    await AutocompleteAsync(interaction, ct);
                    break;
                case InteractionType.ModalSubmit:
                    await ModalAsync(interaction, ct);
                    break;
                default:
                    logger.LogDebug("Ignored Discord interaction of type {Type}", interaction.Type);
                    break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // shutting down
        }
        catch (DiscordApiException ex)
        {
            // The route template never holds the interaction token.
            logger.LogWarning("Could not answer Discord interaction {Id}: {Error}", interaction.Id, ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException or TaskCanceledException)
        {
            logger.LogWarning("Could not answer Discord interaction {Id}: {Error}", interaction.Id, ex.Message);
        }
        catch (QuoteStoreException ex)
        {
            // A known storage fault outside the command layer (autocomplete): one line, no stack trace.
            logger.LogError("The quote store failed while answering Discord interaction {Id}: {Error}", interaction.Id, ex.Message.ReplaceLineEndings(" "));
        }
    }

    private Task SlashCommandAsync(Interaction interaction, CancellationToken ct)
    {
        var data = interaction.Data!;
        var ctx = DiscordModeration.ContextFor(interaction, _moderatorRoles);
        var request = DiscordCommands.ToRequest(data);
        if (request.Name == "addquote")
        {
            var text = data.GetOption(DiscordCommands.ModalText)?.AsString();
            var speaker = data.GetOption(DiscordCommands.ModalSpeaker)?.AsString();
            var source = data.GetOption(DiscordCommands.ModalSource)?.AsString();
            if (string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(speaker) && string.IsNullOrWhiteSpace(source))
            {
                return ShowAddFormAsync(interaction, ctx, ct);
            }

            return AnswerAsync(interaction, update: false, c => AddAsync(text, speaker, source, ctx, c), ct);
        }

        if (request.Name == "editquote")
        {
            if (data.GetOption(DiscordCommands.ModalText) is null && data.GetOption(DiscordCommands.ModalSpeaker) is null && data.GetOption(DiscordCommands.ModalSource) is null)
            {
                return RespondAsync(interaction, renderer.Message(EditNothing, MessageKind.Usage), update: false, ct);
            }

            var id = DiscordCommands.IdFrom(data);
            var input = DiscordCommands.QuoteInputFrom(data);
            return AnswerAsync(interaction, update: false, async c => renderer.Render(await commands.EditQuoteAsync(id, input, ctx, c)), ct);
        }

        if (request.Name == "addarticle")
        {
            return AddArticleAsync(interaction, request, ctx, ct);
        }

        return AnswerAsync(interaction, update: false, async c => renderer.Render(await commands.HandleAsync(request, ctx, c)), ct);
    }

    /// <summary>
    /// /addarticle answers at once ("fetching…", for the moderator alone); the fetch runs in the background, off the
    /// interaction's 3 seconds and the handler's slot, and its result replaces that answer when it is done.
    /// </summary>
    private async Task AddArticleAsync(Interaction interaction, CommandRequest request, CommandContext ctx, CancellationToken ct)
    {
        // Quick: the moderator check reads the interaction, the link is checked, and the fetch is only started.
        var reply = await commands.HandleAsync(request, ctx, ct);
        await RespondAsync(interaction, renderer.Render(reply), update: false, ct);
        if (reply is DeferredReply deferred)
        {
            _ = EditWhenDoneAsync(interaction, deferred.Later);
        }
    }

    private async Task EditWhenDoneAsync(Interaction interaction, Task<Reply> later)
    {
        try
        {
            var reply = await later.ConfigureAwait(false);

            // An interaction token lasts 15 minutes; a fetch takes at most Ingest__TimeLimit.
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var message = renderer.Render(reply);
            await rest.EditOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, message.ToMessageEdit(), cts.Token, message.Files);
        }
        catch (Exception ex) when (ex is DiscordApiException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogWarning("Could not show the result of /addarticle for interaction {Id}: {Error}", interaction.Id, ex.Message);
        }
        catch (Exception ex)
        {
            // Nobody awaits this task: log anything unforeseen instead of leaving it unobserved.
            logger.LogError(ex, "Showing the result of /addarticle for interaction {Id} failed", interaction.Id);
        }
    }

    private async Task ShowAddFormAsync(Interaction interaction, CommandContext ctx, CancellationToken ct)
    {
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            await RespondAsync(interaction, renderer.Message("Only moderators of this server can add quotes.", MessageKind.Refused), update: false, ct);
            return;
        }

        var form = InteractionResponse.Modal(
            DiscordCommands.AddQuoteModalId,
            "Add a quote",
            Component.ActionRow(Component.TextInput(DiscordCommands.ModalText, "Quote", TextInputStyle.Paragraph, required: true, maxLength: QuoteInputParser.MaxTextLength)),
            Component.ActionRow(Component.TextInput(DiscordCommands.ModalSpeaker, "Speaker", TextInputStyle.Short, required: true, maxLength: QuoteInputParser.MaxSpeakerLength)),
            Component.ActionRow(Component.TextInput(DiscordCommands.ModalSource, "Source link (optional)", TextInputStyle.Short, required: false, maxLength: DiscordRenderer.MaxLinkUrl, placeholder: "https://")));
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, form, ct);
    }

    private Task ModalAsync(Interaction interaction, CancellationToken ct)
    {
        var data = interaction.Data!;
        if (DiscordCommands.FixSpeakerIdFrom(data.CustomId) is var fixId and > 0)
        {
            var fixCtx = DiscordModeration.ContextFor(interaction, _moderatorRoles);
            var name = data.GetModalValue(DiscordCommands.ModalSpeaker) ?? string.Empty;
            var request = new CommandRequest("fixspeaker", fixId.ToString(CultureInfo.InvariantCulture) + " " + name);
            // Sent from a review card: the card shows the quote with its new speaker; otherwise a new note.
            return AnswerAsync(interaction, update: interaction.Message is not null, async c => ReviewUpdate(await commands.HandleAsync(request, fixCtx, c)), ct);
        }

        if (data.CustomId != DiscordCommands.AddQuoteModalId)
        {
            return RespondAsync(interaction, renderer.Message(StaleButton, MessageKind.Usage), update: false, ct);
        }

        var ctx = DiscordModeration.ContextFor(interaction, _moderatorRoles);
        return AnswerAsync(
            interaction,
            update: false,
            c => AddAsync(data.GetModalValue(DiscordCommands.ModalText), data.GetModalValue(DiscordCommands.ModalSpeaker), data.GetModalValue(DiscordCommands.ModalSource), ctx, c),
            ct);
    }

    private async Task<DiscordMessage> AddAsync(string? text, string? speaker, string? source, CommandContext ctx, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(speaker))
        {
            return renderer.Message(await ctx.CanModerate(ctx.Scope, ct) ? PartialAddUsage : "Only moderators of this server can add quotes.", MessageKind.Usage);
        }

        source = string.IsNullOrWhiteSpace(source) ? null : source.Trim();
        if (source is not null && !ReplyButtons.IsHttpUrl(source))
        {
            return renderer.Message(FormSourceError, MessageKind.Usage);
        }

        return renderer.Render(await commands.AddQuoteAsync(new QuoteInput(text, speaker, source), ctx, ct));
    }

    private Task SaveAsQuoteAsync(Interaction interaction, CancellationToken ct)
    {
        var data = interaction.Data!;
        var ctx = DiscordModeration.ContextFor(interaction, _moderatorRoles);
        Message? target = null;
        if (data.TargetId is { } id && data.Resolved?.Messages is { } messages)
        {
            messages.TryGetValue(id, out target);
        }

        if (target is null || string.IsNullOrWhiteSpace(target.Content))
        {
            return RespondAsync(interaction, renderer.Message(EmptyMessage, MessageKind.Usage), update: false, ct);
        }

        var author = target.Author;
        var speaker = author is null ? null : data.Resolved?.Members?.GetValueOrDefault(author.Id)?.Nick;
        if (string.IsNullOrWhiteSpace(speaker))
        {
            speaker = author?.DisplayName;
        }

        string? link = interaction.GuildId is { } guild
            ? string.Create(CultureInfo.InvariantCulture, $"https://discord.com/channels/{guild}/{target.ChannelId}/{target.Id}")
            : null;
        return AnswerAsync(
            interaction,
            update: false,
            async c => renderer.Render(await commands.AddQuoteAsync(new QuoteInput(target.Content, speaker, link), ctx, c)),
            ct);
    }

    private Task ButtonAsync(Interaction interaction, CancellationToken ct)
    {
        var action = ActionCodec.Decode(interaction.Data?.CustomId);
        if (action is null)
        {
            return RespondAsync(interaction, renderer.Message(StaleButton, MessageKind.Usage), update: false, ct);
        }

        var ctx = DiscordModeration.ContextFor(interaction, _moderatorRoles);
        if (action is ReviewAction review)
        {
            return ReviewButtonAsync(interaction, review, ctx, ct);
        }

        // Paging turns the page in place; Another and Context answer with a new message.
        return AnswerAsync(interaction, update: action is PageAction, async c => renderer.Render(await commands.HandleActionAsync(action, ctx, c)), ct);
    }

    /// <summary>
    /// A review button. Fix speaker opens a form (which must be the first answer, so it is not deferred); a decision
    /// turns the card into the next pending quote in place; a refusal or "already decided" is a note for the presser.
    /// </summary>
    private async Task ReviewButtonAsync(Interaction interaction, ReviewAction action, CommandContext ctx, CancellationToken ct)
    {
        if (action.Verb == ReviewVerb.FixSpeaker)
        {
            var reply = await commands.HandleActionAsync(action, ctx, ct);
            if (reply is FixSpeakerPrompt prompt)
            {
                var q = prompt.Quote;
                var form = InteractionResponse.Modal(
                    DiscordCommands.FixSpeakerModalPrefix + q.Id.ToString(CultureInfo.InvariantCulture),
                    DiscordRenderer.Fit($"Speaker of quote #{q.Id.ToString(CultureInfo.InvariantCulture)}", DiscordLimits.ModalTitle),
                    Component.ActionRow(Component.TextInput(
                        DiscordCommands.ModalSpeaker,
                        "Right speaker",
                        TextInputStyle.Short,
                        required: true,
                        maxLength: QuoteInputParser.MaxSpeakerLength,
                        value: string.IsNullOrWhiteSpace(q.Speaker) || q.Speaker.Length > QuoteInputParser.MaxSpeakerLength ? null : q.Speaker)));
                await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, form, ct);
                return;
            }

            await RespondAsync(interaction, renderer.Render(reply), update: false, ct);
            return;
        }

        await AnswerAsync(interaction, update: true, async c => ReviewUpdate(await commands.HandleActionAsync(action, ctx, c)), ct);
    }

    /// <summary>The next card or the last decision replaces the card (update); anything else is a note for the presser.</summary>
    private DiscordMessage ReviewUpdate(Reply reply)
    {
        var message = renderer.Render(reply);
        return reply is ReviewReply || reply is MessageReply { Kind: MessageKind.Success } ? message with { Ephemeral = false } : message with { Ephemeral = true };
    }

    private async Task AutocompleteAsync(Interaction interaction, CancellationToken ct)
    {
        var data = interaction.Data!;
        if (DiscordDailyCommand.IsZoneAutocomplete(data))
        {
            // A fixed in-memory list: answered at once, no store involved.
            var zones = DiscordDailyCommand.ZoneChoices(data.FocusedOption?.AsString());
            await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Autocomplete(zones), ct);
            return;
        }

        var focused = data.FocusedOption;
        IReadOnlyList<string> names = [];
        if (data.Name == "quote" && focused?.Name == "speaker")
        {
            // On the handler's clock, like the answer window: suggestions are cut at AutocompleteWithin of its time.
            using var limit = new CancellationTokenSource(_options.AutocompleteWithin, time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
            try
            {
                names = await search.SuggestSpeakersAsync(focused.AsString() ?? string.Empty, DiscordModeration.ContextFor(interaction, _moderatorRoles).Visibility, DiscordLimits.AutocompleteChoices, cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                logger.LogDebug("Speaker suggestions took too long; answered with none");
            }
            catch (QuoteStoreException ex)
            {
                logger.LogError("The quote store failed while suggesting speakers: {Error}", ex.Message.ReplaceLineEndings(" "));
            }
        }

        var choices = names
            .Where(n => !string.IsNullOrWhiteSpace(n) && n.Length <= DiscordLimits.ChoiceName)
            .Distinct(StringComparer.Ordinal)
            .Take(DiscordLimits.AutocompleteChoices)
            .Select(n => new ApplicationCommandOptionChoice(n, n));
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Autocomplete(choices), ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/>; answers at once when it finishes within <see cref="DiscordOptions.AnswerWithin"/>,
    /// else defers (type 5, or 6 for <paramref name="update"/>) and then edits the original response.
    /// </summary>
    private async Task AnswerAsync(Interaction interaction, bool update, Func<CancellationToken, Task<DiscordMessage>> work, CancellationToken ct)
    {
        using var workCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        workCts.CancelAfter(HandlerTimeout);
        var workToken = workCts.Token;
        var task = Task.Run(
            async () =>
            {
                var message = await RunSafelyAsync(work, workToken);
                DiscordMetrics.RecordWork(Stopwatch.GetElapsedTime(_started), CommandName(interaction));
                return message;
            },
            CancellationToken.None);
        using (var delayCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var within = _options.AnswerWithin - _waited;
            var delay = within > TimeSpan.Zero ? Task.Delay(within, time, delayCts.Token) : Task.CompletedTask;
            var first = await Task.WhenAny(task, delay);
            await delayCts.CancelAsync();
            if (first == task)
            {
                var message = await task;
                var sending = Stopwatch.GetTimestamp();
                await RespondAsync(interaction, message, update, ct);
                RecordAnswered(sending);
                return;
            }
        }

        var deferring = Stopwatch.GetTimestamp();
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, update ? InteractionResponse.DeferredUpdate() : InteractionResponse.Deferred(), ct);
        RecordAnswered(deferring);
        var late = await task;
        if (update && late.Ephemeral)
        {
            // Keep the page as it was; tell only the clicker what went wrong.
            await rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, late.ToMessageCreate(ephemeral: true), ct);
            return;
        }

        await rest.EditOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, late.ToMessageEdit(), ct, late.Files);
    }

    /// <summary>The command's name for metrics: a slash command's name with the names of the options given, else the interaction's kind.</summary>
    private static string CommandName(Interaction interaction) => interaction.Type switch
    {
        InteractionType.ApplicationCommand when interaction.Data?.Type == ApplicationCommandType.Message => "save-as-quote",
        InteractionType.ApplicationCommand when interaction.Data is { } data =>
            string.Join(' ', data.LeafOptions.Select(o => o.Name).Order(StringComparer.Ordinal).Prepend(data.Name)),
        InteractionType.MessageComponent => "button",
        InteractionType.ModalSubmit => "form",
        _ => "other",
    };

    /// <summary>The first answer is in: its REST call took since <paramref name="sending"/>; the whole wait since the gateway read it.</summary>
    private void RecordAnswered(long sending)
    {
        DiscordMetrics.RecordRespond(Stopwatch.GetElapsedTime(sending));
        DiscordMetrics.RecordAnswered(_waited + Stopwatch.GetElapsedTime(_started));
    }

    private Task RespondAsync(Interaction interaction, DiscordMessage message, bool update, CancellationToken ct)
    {
        var response = update && !message.Ephemeral
            ? InteractionResponse.UpdateMessage(message.ToCallbackData(update: true))
            : InteractionResponse.Message(message.ToCallbackData());
        return rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, ct, message.Files);
    }

    private async Task<DiscordMessage> RunSafelyAsync(Func<CancellationToken, Task<DiscordMessage>> work, CancellationToken ct)
    {
        try
        {
            return await work(ct);
        }
        catch (QuoteStoreException ex)
        {
            logger.LogError("The quote store failed while answering a Discord command: {Error}", ex.Message.ReplaceLineEndings(" "));
            return renderer.Message(QuoteStoreException.UserMessage, MessageKind.Unavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "A Discord command failed");
            return renderer.Message(Failure, MessageKind.Usage);
        }
        catch (OperationCanceledException)
        {
            return renderer.Message(Failure, MessageKind.Usage);
        }
    }
}
