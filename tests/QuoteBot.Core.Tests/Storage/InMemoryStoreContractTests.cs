using QuoteBot.Core.Storage;
using QuoteBot.Tests.Shared;

namespace QuoteBot.Core.Tests.Storage;

/// <summary>The shared store contract, run against the in-memory store every adapter test relies on.</summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var store = new InMemoryQuoteStore();
        await store.InitializeAsync();
        return StoreUnderTest.Of(store);
    }
}
