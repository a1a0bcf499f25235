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
        var cmd = new Command("import", "Import quotes from news articles, or restore an export file (ids kept; importing again adds nothing)") { paths };
        cmd.SetAction((parse, ct) => CliApp.WithStore(sp => RunAsync(sp, parse.GetValue(paths) ?? [], ct)));
        return cmd;
    }

    private static async Task<int> RunAsync(IServiceProvider sp, string[] paths, CancellationToken ct)
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
            progress => ArticleImporter.ImportAsync(articles, store, Actor.Local, now, progress, ct),
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
