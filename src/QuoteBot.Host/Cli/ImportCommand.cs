using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Extraction;
using QuoteBot.Host.Hosting;
using Spectre.Console;

namespace QuoteBot.Host.Cli;

/// <summary>
/// <c>quotebot import &lt;file|dir&gt;...</c>: articles (plain text, HTML, JSON Lines) are extracted and their attributed
/// quotes stored, deduplicated; QuoteBot export files (.json) are restored with their ids. A bad file, line or quote is
/// reported with its reason and skipped while the rest goes on; each article is stored whole or not at all.
/// </summary>
/// <remarks>
/// The export rule: a free id is added; an id holding the same quote (same text and speaker, folded) is already there
/// and left as it is; an id holding a different quote is a conflict, reported and left unchanged unless --replace is
/// given. So an import never silently replaces a quote, and running it again changes nothing.
/// </remarks>
internal static class ImportCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Article files or folders (.txt, .html, .jsonl), or a QuoteBot export (.json)", Arity = ArgumentArity.OneOrMore };
        var outlet = new Option<string?>("--outlet") { Description = "Outlet of the articles (for plain text that does not name it), e.g. \"Continental Press\"" };
        var url = new Option<string?>("--url") { Description = "Link to the article (http or https)" };
        var published = new Option<string?>("--published") { Description = "Publication date of the article, YYYY-MM-DD" };
        var replace = new Option<bool>("--replace")
        {
            Description = "Export files: overwrite a different quote stored under the same id (without it such ids are reported as conflicts and left unchanged)",
        };
        var oneTransaction = new Option<bool>("--one-transaction")
        {
            Description = "SQLite, into an empty database only: write the whole import in one transaction (faster; no other process can write to the database until it ends, and a crash leaves it empty)",
        };
        var cmd = new Command(
            "import",
            "Import quotes from news articles, or restore an export file keeping its ids. An id already holding the same quote is left as it is; " +
            "an id holding a different quote is a conflict, reported and left unchanged unless --replace is given. Importing again changes nothing. " +
            "A quote that breaks the rules (length, link, scope, id, control characters) is skipped with its reason.")
        {
            paths, outlet, url, published, replace, oneTransaction,
        };
        cmd.SetAction((parse, ct) =>
        {
            var source = SourceOptions(parse.GetValue(outlet), parse.GetValue(url), parse.GetValue(published), out var error);
            return error is not null ? Task.FromResult(CliApp.Fail(error)) : CliApp.WithStore(
                sp => RunAsync(sp, parse.GetValue(paths) ?? [], source, parse.GetValue(replace), ct),
                settings: parse.GetValue(oneTransaction) ? [new($"{StorageOptions.Section}:{nameof(StorageOptions.ImportOneTransaction)}", "true")] : null);
        });
        return cmd;
    }

    /// <summary>Validates <c>--outlet</c>, <c>--url</c> and <c>--published</c> before anything is read or stored.</summary>
    internal static ArticleMeta? SourceOptions(string? outlet, string? url, string? published, out string? error)
    {
        error = null;
        if (outlet is not null && (string.IsNullOrWhiteSpace(outlet) || outlet.Length > 200 || outlet.Any(char.IsControl)))
        {
            error = "--outlet: give a name of at most 200 characters.";
            return null;
        }

        if (url is not null && QuoteRules.CheckUrl(url) is not null)
        {
            error = $"--url: '{url}' is not an http(s) link.";
            return null;
        }

        DateOnly? date = null;
        if (published is not null)
        {
            if (!DateOnly.TryParseExact(published, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
            {
                error = $"--published: '{published}' is not a date (YYYY-MM-DD).";
                return null;
            }

            date = d;
        }

        return outlet is null && url is null && date is null ? null : new ArticleMeta(Outlet: outlet?.Trim(), Url: url, Published: date);
    }

    private static async Task<int> RunAsync(IServiceProvider sp, string[] paths, ArticleMeta? source, bool replace, CancellationToken ct)
    {
        var store = sp.GetRequiredService<IQuoteStore>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var exports = paths.Where(IsExportFile).ToArray();
        var articles = paths.Except(exports).ToArray();
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToArray();
        if (missing.Length == paths.Length)
        {
            return CliApp.Fail($"{missing[0]}: no such file or folder.");
        }

        var exitCode = 0;
        foreach (var path in exports)
        {
            var items = await CliApp.ReadExportAsync(path, ct);
            if (items is null)
            {
                return 1;
            }

            var invalid = items.Where(i => i.Quote is null).ToList();
            foreach (var bad in invalid)
            {
                Console.Error.WriteLine($"{path}: {bad.Name} skipped: {bad.Problem}.");
            }

            var restored = await store.RestoreAsync(items.Where(i => i.Quote is not null).Select(i => i.Quote!), Actor.Local, replace ? RestoreMode.Replace : RestoreMode.KeepExisting, ct);
            foreach (var id in restored.Conflicts)
            {
                Console.Error.WriteLine($"{path}: quote #{id} not imported: this store holds a different quote under #{id} (left unchanged; --replace overwrites it).");
            }

            Console.Out.WriteLine(
                $"{path}: {restored.Added} added, {restored.Updated} replaced, {restored.Duplicates} already there, " +
                $"{restored.Conflicts.Count} {Plural(restored.Conflicts.Count, "conflict", "conflicts")}, {invalid.Count} invalid skipped.");
            if (invalid.Count > 0 || restored.Conflicts.Count > 0)
            {
                exitCode = 1; // not everything in the file is in the store now
            }
        }

        if (articles.Length == 0)
        {
            return exitCode;
        }

        var report = await CliProgress.RunAsync<ImportProgress, ImportReport>(
            "import",
            progress => ArticleImporter.ImportAsync(articles, store, Actor.Local, now, progress, ct, source),
            p => new ProgressLine(p.FilesDone, p.FilesTotal, $"{p.FilesDone}/{p.FilesTotal} files, {p.Articles} articles, {p.QuotesAdded} quotes added"),
            Console.Out,
            CliProgress.Interactive ? AnsiConsole.Console : null);

        foreach (var skipped in report.Skipped)
        {
            Console.Error.WriteLine(skipped.Kind == SkipKind.Quote ? skipped.ToString() : $"skipped {skipped}");
        }

        Console.Out.WriteLine(
            $"Imported {report.Articles} articles: {report.QuotesAdded} quotes added, {report.Duplicates} duplicates, " +
            $"{report.Unattributed} without a known speaker left out; {report.SkippedSummary()}.");
        return report.Articles == 0 && report.Skipped.Count > 0 ? 1 : exitCode;
    }

    private static string Plural(int n, string one, string many) => n == 1 ? one : many;

    private static bool IsExportFile(string path)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return false;
        }

        using var reader = new StreamReader(path);
        var head = new char[256];
        var n = reader.Read(head, 0, head.Length);
        return new string(head, 0, n).Contains(ExportFile.FormatName, StringComparison.Ordinal);
    }
}
