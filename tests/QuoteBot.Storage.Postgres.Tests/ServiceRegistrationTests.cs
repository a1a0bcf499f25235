using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>Registration builds no connection, so these run without a server.</summary>
public sealed class ServiceRegistrationTests
{
    private const string Cs = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d";

    [Fact]
    public void AddPostgresStore_ResolvesOneInstanceForEveryStoreContract()
    {
        using var sp = new ServiceCollection().AddPostgresStore(Cs).BuildServiceProvider();

        var store = sp.GetRequiredService<PostgresQuoteStore>();
        Assert.Same(store, sp.GetRequiredService<IQuoteStore>());
        Assert.Same(store, sp.GetRequiredService<IQuoteSearch>());
        Assert.Same(store, sp.GetRequiredService<IStateStore>());
        Assert.Same(store.Database, sp.GetRequiredService<PostgresDatabase>());
        Assert.Equal("127.0.0.1:1/d", store.Database.Where);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddPostgresStore_WithDailyPostsInEitherOrder_ReplacesTheInMemoryScheduleStore(bool storeFirst)
    {
        var services = new ServiceCollection();
        var config = new ConfigurationBuilder().Build();
        if (storeFirst)
        {
            services.AddPostgresStore(Cs).AddDailyPosts(config);
        }
        else
        {
            services.AddDailyPosts(config).AddPostgresStore(Cs);
        }

        using var sp = services.BuildServiceProvider();
        Assert.IsType<PostgresScheduleStore>(sp.GetRequiredService<IScheduleStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IScheduleStore));
    }
}
