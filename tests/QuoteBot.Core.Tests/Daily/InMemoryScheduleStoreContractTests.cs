using QuoteBot.Core.Daily;

namespace QuoteBot.Core.Tests.Daily;

/// <summary>The contract run against <see cref="InMemoryScheduleStore"/>; "two instances" share one object.</summary>
public sealed class InMemoryScheduleStoreContractTests : ScheduleStoreContractTests
{
    private readonly InMemoryScheduleStore _store = new();

    protected override Task<IScheduleStore> OpenAsync() => Task.FromResult<IScheduleStore>(_store);
}
