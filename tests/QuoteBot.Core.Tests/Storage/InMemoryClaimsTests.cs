using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Storage;

public class InMemoryClaimsTests
{
    [Fact]
    public async Task TryClaimAsync_Unexpired_SecondCallerLoses()
    {
        var store = new InMemoryQuoteStore();
        var now = DateTimeOffset.UnixEpoch;
        Assert.True(await store.TryClaimAsync("k", now, TimeSpan.FromSeconds(5)));
        Assert.False(await store.TryClaimAsync("k", now.AddSeconds(4), TimeSpan.FromSeconds(5)));
        Assert.True(await store.TryClaimAsync("k", now.AddSeconds(6), TimeSpan.FromSeconds(5)));
        await store.ReleaseClaimAsync("k");
        Assert.True(await store.TryClaimAsync("k", now.AddSeconds(7), TimeSpan.FromSeconds(5)));
    }
}
