using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Daily;

public class DailyServiceCollectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        var quotes = new InMemoryQuoteStore();
        services.AddSingleton<IQuoteStore>(quotes).AddSingleton<IQuoteSearch>(quotes).AddSingleton<IStateStore>(quotes);
        services.AddQuoteCore();
        services.AddDailyPosts(config);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddDailyPosts_Defaults_WiresCommandSchedulerAndNotice()
    {
        using var sp = Build([]);

        var commands = sp.GetRequiredService<QuoteCommands>();
        Assert.Contains(commands.AllCommands, c => c.Name == "daily");
        Assert.Same(sp.GetRequiredService<DailyPostScheduler>(), sp.GetServices<IHostedService>().OfType<DailyPostScheduler>().Single());
        Assert.IsType<InMemoryScheduleStore>(sp.GetRequiredService<IScheduleStore>());
        Assert.Single(sp.GetServices<IReplyNotice>());
        Assert.Equal(TimeSpan.FromHours(2), sp.GetRequiredService<IOptions<DailyOptions>>().Value.GracePeriod);
    }

    [Fact]
    public void AddDailyPosts_Settings_AreRead()
    {
        using var sp = Build(new()
        {
            ["Daily:GracePeriod"] = "00:30:00",
            ["Daily:PauseAfterFailures"] = "5",
            ["Daily:SendInterval"] = "00:00:01",
            ["Daily:Enabled"] = "false",
        });

        var o = sp.GetRequiredService<IOptions<DailyOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(30), o.GracePeriod);
        Assert.Equal(5, o.PauseAfterFailures);
        Assert.Equal(TimeSpan.FromSeconds(1), o.SendInterval);
        Assert.False(o.Enabled);
    }

    [Theory]
    [InlineData("Daily:GracePeriod", "two hours", "Daily:GracePeriod must be a time span")]
    [InlineData("Daily:GracePeriod", "1.00:00:00", "Daily:GracePeriod must be between")]
    [InlineData("Daily:PauseAfterFailures", "0", "Daily:PauseAfterFailures must be between")]
    [InlineData("Daily:Enabled", "maybe", "Daily:Enabled must be true or false")]
    public void AddDailyPosts_BadSetting_FailsValidationWithOneLine(string key, string value, string message)
    {
        using var sp = Build(new() { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DailyOptions>>().Value);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDailyPosts_StoreRegisteredBefore_IsKept()
    {
        var config = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        var mine = new InMemoryScheduleStore();
        services.AddSingleton<IScheduleStore>(mine);
        services.AddDailyPosts(config);

        using var sp = services.BuildServiceProvider();
        Assert.Same(mine, sp.GetRequiredService<IScheduleStore>());
    }
}
