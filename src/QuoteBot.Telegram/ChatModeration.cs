using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Model;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuoteBot.Telegram;

/// <summary>
/// Who may change quotes of a scope. User ids in Telegram:Moderators moderate everything (the global corpus from any
/// chat); a group's creator and administrators moderate that group's own quotes. Administrator lists are cached
/// briefly (Telegram:AdminCacheDuration), read through <see cref="TimeProvider"/>.
/// </summary>
public sealed class ChatModeration(ITelegramBotClient bot, IOptions<TelegramOptions> options, TimeProvider time, ILogger<ChatModeration> logger)
{
    private readonly ConcurrentDictionary<long, (DateTimeOffset Fetched, HashSet<long> Admins)> _admins = new();
    private readonly HashSet<long> _globalModerators = [.. options.Value.Moderators];

    public bool IsGlobalModerator(long userId) => _globalModerators.Contains(userId);

    /// <summary>
    /// May the sender of a message in <paramref name="chat"/> change quotes of <paramref name="scope"/>?
    /// <paramref name="senderChat"/> equal to the chat means an anonymous administrator of that group.
    /// </summary>
    public async ValueTask<bool> CanModerateAsync(Chat chat, User? from, Chat? senderChat, Scope scope, CancellationToken ct)
    {
        if (from is not null && IsGlobalModerator(from.Id))
        {
            return true;
        }

        if (scope.IsGlobal || chat.Type == ChatType.Private || scope != Scope.Telegram(chat.Id))
        {
            return false;
        }

        if (senderChat is not null && senderChat.Id == chat.Id)
        {
            return true;
        }

        if (from is null)
        {
            return false;
        }

        var admins = await AdminsAsync(chat.Id, ct);
        return admins.Contains(from.Id);
    }

    /// <summary>Forgets a chat's cached administrators (after a migration, or when they changed).</summary>
    public void Forget(long chatId) => _admins.TryRemove(chatId, out _);

    private async Task<HashSet<long>> AdminsAsync(long chatId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_admins.TryGetValue(chatId, out var cached) && now - cached.Fetched < options.Value.AdminCacheDuration)
        {
            return cached.Admins;
        }

        try
        {
            var members = await bot.GetChatAdministrators(chatId, cancellationToken: ct);
            var ids = members
                .Where(m => m.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator)
                .Select(m => m.User.Id)
                .ToHashSet();
            _admins[chatId] = (now, ids);
            return ids;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Without the list nobody but global moderators may change this chat's quotes; say so once per attempt.
            logger.LogWarning("Could not fetch the administrators of chat {ChatId}: {Error}.", chatId, TelegramErrors.Describe(e));
            return cached.Admins ?? [];
        }
    }
}

/// <summary>The bot's own identity from getMe; commands addressed to another bot are recognised by its user name.</summary>
public sealed class BotIdentity
{
    private readonly TaskCompletionSource<User> _me = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsKnown => _me.Task.IsCompletedSuccessfully;

    internal void Set(User me) => _me.TrySetResult(me);

    /// <summary>Waits until the startup getMe succeeded.</summary>
    public Task<User> GetAsync(CancellationToken ct) => _me.Task.WaitAsync(ct);
}
