using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Bench;
using QuoteBot.Host.Hosting;
using QuoteBot.Host.Terminal;

namespace QuoteBot.Host.Cli;

/// <summary>
/// The command line of the one executable. With no command it runs the bot (the terminal chat when no chat token is
/// configured); the commands are operator tools over the same store. Exit codes: 0 success, 1 user error (one line on
/// stderr, never a stack trace).
/// </summary>
public static class CliApp
{
    /// <summary>
    /// The console writer the process started with (set by the program's entry point only, so that a caller that
    /// swapped <see cref="Console.Out"/>, such as a test, is never bypassed): commands that write much output may then
    /// write to the standard output stream directly.
    /// </summary>
    internal static TextWriter? ProcessStdout { get; set; }

    private const string Description = "QuoteBot: quotes on demand for Discord, Telegram and the terminal. With no command, runs the bot.";

    public static RootCommand Build()
    {
        var root = new RootCommand(Description);
        root.SetAction((_, ct) => RunBotAsync(ct));
        root.Subcommands.Add(SearchCommand());
        root.Subcommands.Add(ShowCommand());
        root.Subcommands.Add(AddCommand());
        root.Subcommands.Add(StatusCommand("remove", "Remove a quote (soft: restore brings it back)", QuoteStatus.Removed));
        root.Subcommands.Add(StatusCommand("restore", "Restore a removed quote", QuoteStatus.Active));
        root.Subcommands.Add(ExportCommand());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(CardCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(ReviewCommand.Create());
        root.Subcommands.Add(FollowCliCommand.Create());
        var bench = BenchCommand.Create();
        bench.Subcommands.Add(ExtractionBench.Create());
        bench.Subcommands.Add(PostgresBench.Create());
        bench.Subcommands.Add(FuzzBench.Create());
        bench.Subcommands.Add(CardBench.Create());
        root.Subcommands.Add(bench);
        return root;
    }

    /// <summary>
    /// The command line with only <c>quotebot extract</c> under the root: what <see cref="RunAsync"/> parses when the
    /// first argument is <c>extract</c>. Extraction is a batch command often run once over one file, so it does not pay
    /// for defining every other command (and loading the assemblies behind them); its parsing, help and errors are
    /// the same as in the full tree.
    /// </summary>
    internal static RootCommand BuildExtractOnly()
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(ExtractCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = args is ["extract", ..] ? BuildExtractOnly() : Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            // One sentence on stderr instead of the parser's message followed by the whole help text on stdout.
            return Fail(DescribeParseError(parse));
        }

        return await parse.InvokeAsync();
    }

    /// <summary>
    /// The program's entry: <c>quotebot extract …</c> is parsed and run synchronously (its action is synchronous), so a
    /// one-shot extraction does not set up async state machines whose code the JIT would compile at start (the
    /// framework's async builders over this assembly's types are not in the ReadyToRun image; docs/extraction.md,
    /// Speed); every other command runs through <see cref="RunAsync"/>. Outcomes are the same either way.
    /// </summary>
    public static int Run(string[] args)
    {
        if (args is not ["extract", ..])
        {
            return RunAsync(args).GetAwaiter().GetResult();
        }

        var parse = BuildExtractOnly().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            return Fail(DescribeParseError(parse));
        }

        return parse.Invoke();
    }

    /// <summary>The first thing wrong with a command line, as one sentence that names the command and how to get help.</summary>
    internal static string DescribeParseError(ParseResult parse)
    {
        var path = CommandPath(parse.CommandResult);
        var help = $"see `{path} --help`";
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            if (parse.CommandResult.Command is RootCommand && !token.StartsWith('-'))
            {
                var commands = string.Join(", ", parse.RootCommandResult.Command.Subcommands.Select(c => c.Name));
                return $"Unknown command '{token}'. The commands are {commands}; see `quotebot --help`.";
            }

            return token.StartsWith('-')
                ? $"Unknown option '{token}' for `{path}`; {help}."
                : $"Unexpected '{token}' for `{path}`; {help}.";
        }

        var error = parse.Errors[0];
        switch (error.SymbolResult)
        {
            case System.CommandLine.Parsing.OptionResult { Tokens.Count: > 0 } option when IsWholeNumber(option.Option.ValueType):
                return $"{option.Option.Name} must be a whole number, like {option.Option.Name} 5 (it is '{option.Tokens[^1].Value}').";
            case System.CommandLine.Parsing.ArgumentResult { Tokens.Count: > 0 } argument when IsWholeNumber(argument.Argument.ValueType):
                return $"<{argument.Argument.Name}> must be a whole number (it is '{argument.Tokens[^1].Value}').";
            case System.CommandLine.Parsing.OptionResult { Tokens.Count: 0, Implicit: false } option when option.Option.Arity.MinimumNumberOfValues > 0:
                return $"{option.Option.Name} needs a value; {help}.";
            case System.CommandLine.Parsing.OptionResult { Option.Required: true } option:
                return $"`{path}` needs {option.Option.Name}; {help}.";
            case System.CommandLine.Parsing.ArgumentResult { Tokens.Count: 0 } argument:
                return $"`{path}` needs <{argument.Argument.Name}>; {help}.";
            case System.CommandLine.Parsing.CommandResult command when command.Command.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0) is { } missing:
                return $"`{path}` needs <{missing.Name}>; {help}.";
        }

        return $"{error.Message.TrimEnd('.')}; {help}.";
    }

    private static bool IsWholeNumber(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(int?) || t == typeof(long?);

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c)
            {
                names.Add(c.Command is RootCommand ? "quotebot" : c.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Runs the bot host until it stops (end of terminal input, Ctrl+C, SIGTERM).</summary>
    private static async Task<int> RunBotAsync(CancellationToken ct)
    {
        // The adapters report a fatal stop (a token Discord refused) through Environment.ExitCode; start from success.
        Environment.ExitCode = 0;
        return await Guard(async () =>
        {
            var config = new ConfigurationManager();
            BotHost.AddConfigurationSources(config, Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production", []);
            SettingsCheck.ThrowIfInvalid(config);
            var plan = RunPlan.From(config);
            if (plan.Nothing)
            {
                return Fail("Nothing to run: set Telegram__Token or Discord__Token, Http__Urls for the quote pages, or Chat__Terminal=always for the terminal chat.");
            }

            if (plan.Web)
            {
                var web = BotHost.CreateWebBuilder([], plan.HttpUrls!);
                web.AddQuoteBot(plan);
                await using var app = web.Build();
                BotHost.ValidateOptions(app.Services);
                app.MapBotEndpoints(plan);
                await app.RunAsync(ct);
                return Environment.ExitCode;
            }

            var builder = BotHost.CreateBuilder([]);
            builder.AddQuoteBot(plan);
            using var host = builder.Build();
            BotHost.ValidateOptions(host.Services);
            await host.RunAsync(ct);
            return Environment.ExitCode;
        });
    }

    private static Command SearchCommand()
    {
        var query = new Argument<string[]>("query") { Description = "Words, \"a phrase\", speaker:name, -word, #id", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the results as a JSON array" };
        var limit = new Option<int>("--limit") { Description = "How many results (1-100)", DefaultValueFactory = _ => 5 };
        var cmd = new Command("search", "Search the quotes") { query, json, limit };
        cmd.SetAction((parse, ct) => WithStore(async sp =>
        {
            var text = string.Join(' ', parse.GetValue(query) ?? []);
            var n = parse.GetValue(limit);
            if (n is < 1 or > 100)
            {
                return Fail("--limit must be between 1 and 100.");
            }

            var parsed = QueryParser.Parse(text);
            if (!parsed.Ok)
            {
                return Fail(parsed.Error!);
            }

            if (parsed.Query!.IsEmpty)
            {
                return Fail("Give something to search for. " + QueryParser.Usage);
            }

            var items = (await sp.GetRequiredService<QuoteFinder>().FindPageAsync(parsed.Query, Visibility.All, 0, n, ct)).Items;

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(items.Select(ExportedQuote.From).ToList(), QuoteJson.Info<IReadOnlyList<ExportedQuote>>(QuoteJson.Options)));
            }
            else if (items.Count == 0)
            {
                Console.Out.WriteLine("Nothing matched.");
            }
            else
            {
                Console.Out.WriteLine(PlainTextRenderer.Render(new QuoteListReply(QueryParser.Echo(text), items, 0, false)));
            }

            return 0;
        }, loadSample: true));
        return cmd;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<string>("id") { Description = "The quote's id, like 42 or #42" };
        var cmd = new Command("show", "Show one quote with its source and context") { id };
        cmd.SetAction((parse, ct) => WithStore(async sp =>
        {
            if (!QuoteCommands.TryParseId(parse.GetValue(id), out var n))
            {
                return Fail("The id must be a quote number, like 42.");
            }

            var q = await sp.GetRequiredService<IQuoteStore>().GetAsync(n, ct);
            if (q is null)
            {
                return Fail($"There is no quote #{n}.");
            }

            Console.Out.WriteLine(PlainTextRenderer.Render(new ContextReply(q)));
            return 0;
        }, loadSample: true));
        return cmd;
    }

    private static Command AddCommand()
    {
        var text = new Argument<string>("text") { Description = "The quote's text" };
        var speaker = new Option<string>("--speaker", "-s") { Description = "Who said it", Required = true };
        var source = new Option<string?>("--source") { Description = "A http(s) link to the source" };
        var scope = new Option<string?>("--scope") { Description = "global (default), tg:<chat id> or dc:<guild id>" };
        var cmd = new Command("add", "Add a quote") { text, speaker, source, scope };
        cmd.SetAction((parse, ct) =>
        {
            // Everything is checked before the store is even opened: a failed add changes nothing.
            if (CheckAdd(parse.GetValue(text), parse.GetValue(speaker), parse.GetValue(source), parse.GetValue(scope)) is not { } input)
            {
                return Task.FromResult(1);
            }

            return WithStore(async sp =>
            {
                // The store's own errors (read-only, corrupt) reach Guard and are printed with their reason.
                var (quote, _) = QuoteCommands.Prepare(input.Input, input.Scope, Actor.Local, sp.GetRequiredService<TimeProvider>().GetUtcNow());
                var result = await sp.GetRequiredService<IQuoteStore>().AddAsync(quote!, Actor.Local, ct);
                var q = result.Quote;
                if (!result.Added)
                {
                    Console.Out.WriteLine($"That quote is already stored as #{q.Id}; nothing was added.");
                    return 0;
                }

                Console.Out.WriteLine(PlainTextRenderer.Safe(
                    $"Added quote #{q.Id}: “{q.Text}” — {q.Speaker}" + (q.Source.Url is { } url ? $", source {url}" : ", no source link") +
                    (q.Scope.IsGlobal ? "." : $", in {q.Scope.Key}.")));
                return 0;
            });
        });
        return cmd;
    }

    /// <summary>The add command's input, or null after one line on stderr naming what is wrong.</summary>
    internal static (QuoteInput Input, Scope Scope)? CheckAdd(string? text, string? speaker, string? source, string? scopeText)
    {
        if (scopeText is not null && !QuoteRules.IsValidScope(scopeText))
        {
            Fail($"--scope must be {QuoteRules.ScopeSyntax}.");
            return null;
        }

        if (source is not null && QuoteRules.CheckUrl(source.Trim()) is not null)
        {
            Fail("--source must be a http(s) link, like https://example.com/article.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            Fail("The quote's text is empty: give it in quotes, like quotebot add \"We will rebuild.\" --speaker \"Jane Doe\".");
            return null;
        }

        if (string.IsNullOrWhiteSpace(speaker))
        {
            Fail("--speaker is empty: say who said it, like --speaker \"Jane Doe\".");
            return null;
        }

        var scope = scopeText is null ? Scope.Global : new Scope(scopeText);
        var input = new QuoteInput(text, speaker, source?.Trim());
        var (_, problem) = QuoteCommands.Prepare(input, scope, Actor.Local, DateTimeOffset.UnixEpoch);
        if (problem is not null)
        {
            Fail(problem + " Nothing was added.");
            return null;
        }

        return (input, scope);
    }

    private static Command StatusCommand(string name, string description, QuoteStatus status)
    {
        var id = new Argument<string>("id") { Description = "The quote's id, like 42 or #42" };
        var cmd = new Command(name, description) { id };
        cmd.SetAction((parse, ct) => WithStore(async sp =>
        {
            if (!QuoteCommands.TryParseId(parse.GetValue(id), out var n))
            {
                return Fail($"The id must be a quote number, like `quotebot {name} 42`.");
            }

            // The operator sees every scope, so the store is asked directly; the answer speaks CLI, not chat commands.
            return await SetStatusAsync(sp.GetRequiredService<IQuoteStore>(), n, status, ct);
        }));
        return cmd;
    }

    /// <summary>`quotebot remove|restore N`: changes the quote only from the status just read, and says what happened.</summary>
    internal static async Task<int> SetStatusAsync(IQuoteStore store, long n, QuoteStatus status, CancellationToken ct)
    {
        var quote = await store.GetAsync(n, ct);
        if (quote is null)
        {
            return Fail($"There is no quote #{n}.");
        }

        if (quote.Status == status)
        {
            return AlreadyThere(n, status);
        }

        var change = await store.ChangeStatusAsync(n, quote.Status, status, Actor.Local, ct);
        if (change is null)
        {
            return Fail($"There is no quote #{n}.");
        }

        if (!change.Changed)
        {
            // Someone else made the same change in between: the operator's wish holds, so it is not a failure.
            return change.Quote.Status == status
                ? AlreadyThere(n, status)
                : Fail($"Quote #{n} changed meanwhile (it is {change.Quote.Status.ToString().ToLowerInvariant()} now); nothing changed.");
        }

        Console.Out.WriteLine(status == QuoteStatus.Removed ? $"Removed quote #{n}; `quotebot restore {n}` brings it back." : $"Restored quote #{n}.");
        return 0;
    }

    private static int AlreadyThere(long n, QuoteStatus status)
    {
        Console.Out.WriteLine(status == QuoteStatus.Removed ? $"Quote #{n} is already removed; `quotebot restore {n}` brings it back." : $"Quote #{n} is not removed.");
        return 0;
    }

    private static Command ExportCommand()
    {
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of stdout" };
        var cmd = new Command("export", "Export every quote (with ids, removed ones too) as JSON") { output };
        cmd.SetAction((parse, ct) => WithStore(async sp =>
        {
            var quotes = new List<ExportedQuote>();
            await foreach (var q in sp.GetRequiredService<IQuoteStore>().ExportAsync(ct))
            {
                quotes.Add(ExportedQuote.From(q));
            }

            var file = new ExportFile(ExportFile.FormatName, 1, sp.GetRequiredService<TimeProvider>().GetUtcNow(), quotes);
            var path = parse.GetValue(output);
            if (path is null)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(file, QuoteJson.Info<ExportFile>(QuoteJson.Indented)));
            }
            else
            {
                if (CliFiles.WriteProblem(path) is { } problem)
                {
                    return Fail(problem);
                }

                var tmp = path + ".tmp";
                try
                {
                    await using (var stream = File.Create(tmp))
                    {
                        await JsonSerializer.SerializeAsync(stream, file, QuoteJson.Info<ExportFile>(QuoteJson.Indented), ct);
                    }

                    File.Move(tmp, path, overwrite: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    File.Delete(tmp);
                    return Fail(CliFiles.Describe(path, ex, writing: true));
                }

                Console.Error.WriteLine($"Exported {quotes.Count} quotes to {path}.");
            }

            return 0;
        }));
        return cmd;
    }

    /// <summary>
    /// Reads an export file and checks every quote in it against <see cref="QuoteRules"/> before anything is written;
    /// null (after one line on stderr) when the file itself is unreadable. A bad quote is an item with its reason.
    /// </summary>
    internal static async Task<IReadOnlyList<ExportItem>?> ReadExportAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            Fail($"{path}: no such file.");
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            var file = await JsonSerializer.DeserializeAsync(stream, QuoteJson.Info<ExportFile>(QuoteJson.Options), ct);
            if (file is null || file.Format != ExportFile.FormatName || file.Quotes is null)
            {
                Fail($"{path}: not a QuoteBot export file (expected \"format\": \"{ExportFile.FormatName}\").");
                return null;
            }

            if (file.Version != 1)
            {
                Fail($"{path}: export version {file.Version} is not supported (this QuoteBot reads version 1).");
                return null;
            }

            return file.Quotes.Select((q, i) => ExportItem.From(q, i + 1)).ToArray();
        }
        catch (JsonException ex)
        {
            Fail($"{path}: not valid JSON{JsonProblem.Where(ex)}.");
            return null;
        }
    }

    private static int Report(Reply reply)
    {
        var text = PlainTextRenderer.Render(reply);
        if (reply is MessageReply { Kind: MessageKind.Usage or MessageKind.NotFound or MessageKind.Refused or MessageKind.Unavailable })
        {
            return Fail(text);
        }

        Console.Out.WriteLine(text);
        return 0;
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }

    /// <summary>Builds the services a CLI command needs, opens the store, runs <paramref name="body"/>, and turns failures into one line.</summary>
    internal static Task<int> WithStore(Func<IServiceProvider, Task<int>> body, bool loadSample = false, IEnumerable<KeyValuePair<string, string?>>? settings = null) => Guard(async () =>
    {
        var builder = BotHost.CreateBuilder([]);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        SettingsCheck.ThrowIfInvalid(builder.Configuration);
        builder.Services.AddQuoteBotCore(builder.Configuration);
        if (!loadSample)
        {
            builder.Services.Configure<CorpusOptions>(o => o.LoadSampleWhenEmpty = "false");
        }

        using var host = builder.Build();
        BotHost.ValidateOptions(host.Services);
        await host.Services.GetRequiredService<StoreInitializer>().InitializeAsync(hintWhenEmpty: false, CancellationToken.None);
        return await body(host.Services);
    });

    /// <summary>Every failure becomes one line on stderr and exit code 1.</summary>
    internal static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OptionsValidationException ex)
        {
            return Fail("Configuration error: " + string.Join(" ", ex.Failures));
        }
        catch (SettingsException ex)
        {
            return Fail("Configuration error: " + ex.Message);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception ex)
        {
            // Store, file and network failures (and anything unforeseen) become one line, never a stack trace.
            return Fail("Error: " + FirstLine(ex.Message));
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
