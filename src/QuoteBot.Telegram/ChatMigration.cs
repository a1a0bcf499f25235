using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Telegram;

/// <summary>
/// Called when a Telegram group becomes a supergroup and gets a new chat id (migrate_to_chat_id /
/// migrate_from_chat_id), so that whatever is keyed by the old id follows the chat. Register more implementations in
/// DI (daily subscriptions, settings); each must be idempotent, since Telegram reports a migration twice.
/// </summary>
public interface ITelegramChatMigration
{
    Task MigrateAsync(long fromChatId, long toChatId, CancellationToken ct);
}

/// <summary>
/// Moves the quotes of scope tg:&lt;old&gt; to tg:&lt;new&gt;, keeping their ids, and the chat's random-quote bag.
/// IQuoteStore has no scope move, so this exports everything and restores the moved quotes with the new scope:
/// fine for a rare event, but a store-level MoveScopeAsync would be cheaper on a large corpus.
/// </summary>
public sealed class QuoteScopeMigration(IQuoteStore store, IStateStore state) : ITelegramChatMigration
{
    public async Task MigrateAsync(long fromChatId, long toChatId, CancellationToken ct)
    {
        var from = Scope.Telegram(fromChatId);
        var to = Scope.Telegram(toChatId);
        var moved = new List<Quote>();
        await foreach (var q in store.ExportAsync(ct))
        {
            if (q.Scope == from)
            {
                moved.Add(q with { Scope = to });
            }
        }

        if (moved.Count > 0)
        {
            await store.RestoreAsync(moved, new Actor("tg:migration", "Telegram group migration"), RestoreMode.Replace, ct);
        }

        var oldBagKey = "bag:" + TelegramUpdateHandler.ConversationKey(fromChatId);
        var newBagKey = "bag:" + TelegramUpdateHandler.ConversationKey(toChatId);
        var bag = await state.GetAsync(oldBagKey, ct);
        if (bag is not null && await state.GetAsync(newBagKey, ct) is null)
        {
            await state.SetAsync(newBagKey, bag, ct);
        }
    }
}
