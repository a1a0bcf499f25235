using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Cli;
using QuoteBot.Tests.Shared.Faults;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>`quotebot remove|restore` when another moderator or instance writes between the CLI's read and its write.</summary>
[Collection("console")]
public class StatusRaceTests
{
    private static async Task<(int Code, string Out, string Err)> SetStatus(IQuoteStore store, long id, QuoteStatus status)
    {
        var (code, output, err) = await CliAppTests.Capture(() => CliApp.SetStatusAsync(store, id, status, CancellationToken.None));
        return (code, output.Trim(), err.Trim());
    }

    private static async Task<(InMemoryQuoteStore Inner, FaultyStore Shared, long Id)> OneQuote()
    {
        var inner = new InMemoryQuoteStore();
        var added = await inner.AddAsync(new NewQuote { Text = "Dredge the channel before the spring tides.", Speaker = "Tomas Reed" }, Actor.System);
        return (inner, new FaultyStore(inner), added.Quote.Id);
    }

    [Fact]
    public async Task Remove_SomeoneRemovedItMeanwhile_SaysAlreadyRemovedAndSucceeds()
    {
        var (inner, shared, id) = await OneQuote();
        shared.BeforeStatusWrite = q => inner.SetStatusAsync(q, QuoteStatus.Removed, new Actor("dc:2", "other mod"));

        var (code, output, err) = await SetStatus(shared, id, QuoteStatus.Removed);

        Assert.Equal((0, $"Quote #{id} is already removed; `quotebot restore {id}` brings it back.", ""), (code, output, err));
        Assert.Equal(["add", "remove"], (await inner.GetAuditAsync(id)).Select(a => a.Action));
    }

    [Fact]
    public async Task Restore_SomeoneRestoredItMeanwhile_SaysNotRemovedAndSucceeds()
    {
        var (inner, shared, id) = await OneQuote();
        await inner.SetStatusAsync(id, QuoteStatus.Removed, Actor.Local);
        shared.BeforeStatusWrite = q => inner.SetStatusAsync(q, QuoteStatus.Active, new Actor("dc:2", "other mod"));

        var (code, output, err) = await SetStatus(shared, id, QuoteStatus.Active);

        Assert.Equal((0, $"Quote #{id} is not removed.", ""), (code, output, err));
        Assert.Equal(["add", "remove", "restore"], (await inner.GetAuditAsync(id)).Select(a => a.Action));
    }

    [Fact]
    public async Task Remove_SomeoneMadeItPendingMeanwhile_FailsInOneLineAndKeepsTheirChange()
    {
        var (inner, shared, id) = await OneQuote();
        shared.BeforeStatusWrite = q => inner.SetStatusAsync(q, QuoteStatus.Pending, new Actor("dc:2", "other mod"));

        var (code, output, err) = await SetStatus(shared, id, QuoteStatus.Removed);

        Assert.Equal((1, "", $"Quote #{id} changed meanwhile (it is pending now); nothing changed."), (code, output, err));
        Assert.Equal(QuoteStatus.Pending, (await inner.GetAsync(id))!.Status);
    }
}
