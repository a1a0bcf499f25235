using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Extraction;
using Spectre.Console;

namespace QuoteBot.Host.Cli;

/// <summary>
/// <c>quotebot import &lt;file|dir&gt;...</c>: articles (plain text, HTML, JSON Lines) are extracted and their attributed
/// quotes stored, deduplicated; QuoteBot export files (.json) are restored with their ids. A bad file is reported by
/// name and skipped while the rest goes on; each article is stored whole or not at all.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Article files or folders (.txt, .html, .jsonl), or a QuoteBot export (.json)", Arity = ArgumentArity.OneOrMore };
        var outlet = new Option<string?>("--outlet") { Description = "Outlet of the articles (for plain text that does not name it), e.g. \"Continental Press\"" };
        var url = new Option<string?>("--url") { Description = "Link to the article (http or https)" };
        var published = new Option<string?>("--published") { Description = "Publication date of the article, YYYY-MM-DD" };
        var cmd = new Command("import", "Import quotes from news articles, or restore an export file (ids kept; importing again adds nothing)") { paths, outlet, url, published };
        cmd.SetAction((parse, ct) =>
        {
            var source = SourceOptions(parse.GetValue(outlet), parse.GetValue(url), parse.GetValue(published), out var error);
            return error is not null ? Task.FromResult(CliApp.Fail(error)) : CliApp.WithStore(sp => RunAsync(sp, parse.GetValue(paths) ?? [], source, ct));
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

        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || url.Length > 2000))
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

    private static async Task<int> RunAsync(IServiceProvider sp, string[] paths, ArticleMeta? source, CancellationToken ct)
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

        foreach (var path in exports)
        {
            var quotes = await CliApp.ReadExportAsync(path, ct);
            if (quotes is null)
            {
                return 1;
            }

            var restored = await store.RestoreAsync(quotes, Actor.Local, ct);
            Console.Out.WriteLine($"{path}: {restored.Added} added, {restored.Updated} updated, {restored.Duplicates} unchanged.");
        }

        if (articles.Length == 0)
        {
            return 0;
        }

        var report = await CliProgress.RunAsync<ImportProgress, ImportReport>(
            "import",
            progress => ArticleImporter.ImportAsync(articles, store, Actor.Local, now, progress, ct, source),
            p => new ProgressLine(p.FilesDone, p.FilesTotal, $"{p.FilesDone}/{p.FilesTotal} files, {p.Articles} articles, {p.QuotesAdded} quotes added"),
            Console.Out,
            CliProgress.Interactive ? AnsiConsole.Console : null);

        foreach (var skipped in report.SkippedFiles)
        {
            Console.Error.WriteLine($"skipped {skipped}");
        }

        Console.Out.WriteLine(
            $"Imported {report.Articles} articles: {report.QuotesAdded} quotes added, {report.Duplicates} duplicates, " +
            $"{report.Unattributed} without a known speaker left out, {report.SkippedFiles.Count} files skipped.");
        return report.Articles == 0 && report.SkippedFiles.Count > 0 ? 1 : 0;
    }

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
