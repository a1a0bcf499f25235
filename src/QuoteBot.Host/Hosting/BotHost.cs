using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Review;
using QuoteBot.Core.Storage;
using QuoteBot.Ingest;
using QuoteBot.Storage.Postgres;
using QuoteBot.Storage.Sqlite.Daily;
using QuoteBot.Discord;
using QuoteBot.Telegram;
using QuoteBot.Storage.Sqlite;
using QuoteBot.Host.Terminal;
using QuoteBot.Web;
using QuoteBot.Cards;

namespace QuoteBot.Host.Hosting;

/// <summary>Which front ends this process runs, decided from configuration.</summary>
public sealed record RunPlan(bool Terminal, bool Telegram, bool Discord, string? HttpUrls)
{
    public bool Web => !string.IsNullOrWhiteSpace(HttpUrls);

    /// <summary>Nothing to do: no chat and no listener. A listener alone is a web-only instance (pages, health).</summary>
    public bool Nothing => !Terminal && !Telegram && !Discord && !Web;

    /// <summary>Only the terminal chat runs: a trial, where the invented sample corpus is welcome.</summary>
    public bool IsTerminalDemo => Terminal && !Telegram && !Discord;

    public static RunPlan From(IConfiguration config)
    {
        var telegram = !string.IsNullOrWhiteSpace(config["Telegram:Token"]);
        var discord = !string.IsNullOrWhiteSpace(config["Discord:Token"]);
        var urls = config["Http:Urls"];
        var terminal = (config["Chat:Terminal"] ?? "auto").Trim().ToLowerInvariant() switch
        {
            "always" => true,
            "never" => false,
            _ => !telegram && !discord && string.IsNullOrWhiteSpace(urls),
        };
        if (string.IsNullOrWhiteSpace(urls) && telegram && !string.IsNullOrWhiteSpace(config["Telegram:WebhookUrl"]))
        {
            urls = "http://0.0.0.0:8080"; // a webhook needs a listener
        }

        return new RunPlan(terminal, telegram, discord, string.IsNullOrWhiteSpace(urls) ? null : urls.Trim());
    }
}

/// <summary>Builds the generic host: configuration, options, storage, the command layer and the front ends.</summary>
public static class BotHost
{
    /// <summary>
    /// Configuration, lowest first: config/appsettings.json (copied beside the program), optional
    /// appsettings.{Environment}.json, user secrets, environment variables (Telegram__Token), then the command line.
    /// </summary>
    public static void AddConfigurationSources(IConfigurationBuilder configuration, string environment, string[] args)
    {
        configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false)
            .AddUserSecrets(typeof(BotHost).Assembly, optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
    }

    private static string EnvironmentName => Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;

    /// <summary>A plain generic host (CLI commands, terminal chat, polling adapters).</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = EnvironmentName,
        });
        AddConfigurationSources(builder.Configuration, builder.Environment.EnvironmentName, args);
        ConfigureLogging(builder);
        return builder;
    }

    /// <summary>A host with an HTTP listener (Telegram webhook, /healthz and /readyz), used when Http__Urls is set.</summary>
    public static Microsoft.AspNetCore.Builder.WebApplicationBuilder CreateWebBuilder(string[] args, string urls)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder(new Microsoft.AspNetCore.Builder.WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = EnvironmentName,
        });
        builder.Configuration.Sources.Clear();
        AddConfigurationSources(builder.Configuration, builder.Environment.EnvironmentName, args);
        builder.Logging.ClearProviders();
        ConfigureLogging(builder);
        Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseUrls(builder.WebHost, urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return builder;
    }

    private static void ConfigureLogging(IHostApplicationBuilder builder)
    {
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        // Logs go to stderr so that stdout carries only the bot's answers (piped terminal chat, --json output).
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // A start that fails (the store cannot be used, a bad token) reaches the CLI, which prints it as one line; the
        // host's own "Hosting failed to start" error would print it again with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }

    /// <summary>Storage and the command layer: enough for the CLI commands.</summary>
    public static IServiceCollection AddQuoteBotCore(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<StorageOptions>().Bind(config.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddOptions<CorpusOptions>().Bind(config.GetSection(CorpusOptions.Section));
        var storage = config.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        StoreRegistration.Add(services, storage);
        services.AddQuoteCore();
        services.AddIngest(config);
        // /addarticle, /review and /fixspeaker in every chat; the fetch goes through the Ingest port registered above.
        services.AddReview();
        // /follow, /unfollow, /follows and the feed check (the poller runs only in the bot, see AddQuoteBot).
        services.AddFeedFollowing(config);
        services.AddSingleton<StoreInitializer>();
        return services;
    }

    /// <summary>Corpus:LoadSampleWhenEmpty=auto: the sample is for the terminal demo only, never for a deployment.</summary>
    public static IServiceCollection ConfigureSampleCorpus(this IServiceCollection services, RunPlan plan) =>
        services.PostConfigure<CorpusOptions>(o => o.TerminalDemo = plan.IsTerminalDemo);

    /// <summary>The whole bot: core, the store initializer, and the front ends the plan names.</summary>
    public static IHostApplicationBuilder AddQuoteBot(this IHostApplicationBuilder builder, RunPlan plan)
    {
        builder.Services.AddQuoteBotCore(builder.Configuration);
        builder.Services.ConfigureSampleCorpus(plan);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreInitializer>());
        if (plan.Terminal)
        {
            // The chat owns the terminal: only warnings and errors are logged (to stderr).
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            });
            builder.Services.AddTerminalChat();
        }

        // Daily posts go to chat channels; the terminal chat answers /daily with "not available here".
        builder.Services.AddDailyPosts(builder.Configuration);

        // Followed feeds are checked by this process (Feeds__Enabled=false leaves them to other instances).
        builder.Services.AddFeedPolling();
        if (plan.Telegram)
        {
            builder.Services.AddTelegramAdapter(builder.Configuration);
            builder.Services.AddScoped<ITelegramChatMigration, DailyChatMigration>();
        }

        if (plan.Discord)
        {
            builder.Services.AddDiscordAdapter(builder.Configuration);
        }

        // Cards in chat (the Card button); pages when listening; page links and /web when pages have an address.
        builder.Services.AddQuoteCards();
        if (plan.Web)
        {
            builder.Services.AddQuotePages(builder.Configuration);
        }
        else if (!string.IsNullOrWhiteSpace(builder.Configuration["Web:PublicUrl"]))
        {
            builder.Services.AddQuotePageLinks(builder.Configuration);
        }

        return builder;
    }

    /// <summary>Checks every option now, so a bad setting stops the process with one line before anything runs.</summary>
    public static void ValidateOptions(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (services.GetService<IOptions<TelegramOptions>>() is { } telegram)
        {
            _ = telegram.Value;
        }

        if (services.GetService<IOptions<DiscordOptions>>() is { } discord)
        {
            _ = discord.Value;
        }

        if (services.GetService<IOptions<QuoteBot.Ingest.Feeds.FeedPollerOptions>>() is { } feeds)
        {
            _ = feeds.Value;
        }

        if (services.GetService<IOptions<QuoteBot.Web.WebOptions>>() is { } web)
        {
            _ = web.Value;
        }
    }
}

/// <summary>Picks the store engine named by Storage__Provider.</summary>
internal static class StoreRegistration
{
    public static void Add(IServiceCollection services, StorageOptions options)
    {
        if (options.Provider.Equals(StorageProviders.Memory, StringComparison.OrdinalIgnoreCase))
        {
            AddSingle(services, new InMemoryQuoteStore());
            return;
        }

        if (options.Provider.Equals(StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(options.Path))
        {
            var dir = Path.GetDirectoryName(options.FullPath);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            services.AddSqliteStore(options.FullPath, new SqliteStoreOptions { ImportEmptyStoreInOneTransaction = options.ImportOneTransaction, WriterCacheMegabytes = options.WriterCacheMb });
            // Processes sharing the file (a second `quotebot` on the same data folder) share its lock files too.
            services.AddSingleton<IInstanceLock>(new FileInstanceLock(string.IsNullOrEmpty(dir) ? "." : dir, Path.GetFileName(options.FullPath)));
            return;
        }

        if (options.Provider.Equals(StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            services.AddPostgresStore(options.PostgresConnectionString!);
        }

        // Anything else is a configuration error that the options validator reports in one line at start.
    }

    private static void AddSingle<T>(IServiceCollection services, T store)
        where T : class, IQuoteStore, IQuoteSearch, IStateStore, IArticleStore, QuoteBot.Core.Follows.IFollowStore
    {
        services.AddSingleton<IQuoteStore>(store);
        services.AddSingleton<IQuoteSearch>(store);
        services.AddSingleton<IStateStore>(store);
        services.AddSingleton<IArticleStore>(store);
        services.AddSingleton<QuoteBot.Core.Follows.IFollowStore>(store);
    }
}
