using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Extraction;

/// <summary>Progress of an import: reported after every file.</summary>
public sealed record ImportProgress(int FilesDone, int FilesTotal, int Articles, int QuotesAdded, string? CurrentFile);

/// <summary>What a <see cref="SkippedItem"/> is.</summary>
public enum SkipKind
{
    /// <summary>A whole file (or folder): missing, binary, empty, unreadable.</summary>
    File,

    /// <summary>One line of a JSON Lines file.</summary>
    Line,

    /// <summary>Quotes found in an article that break <see cref="QuoteRules"/>; <see cref="SkippedItem.Count"/> says how many.</summary>
    Quote,
}

/// <summary>What was not imported, and why, in one line: "feed.jsonl line 3: "text" must be a string".</summary>
public sealed record SkippedItem(SkipKind Kind, string Name, string Reason, int Count = 1)
{
    public override string ToString() => Kind == SkipKind.Quote
        ? $"{Name}: {Count} {(Count == 1 ? "quote" : "quotes")} skipped: {Reason}"
        : $"{Name}: {Reason}";

    internal static SkippedItem From(LoadError e) => e.Line is { } line
        ? new SkippedItem(SkipKind.Line, e.Source + " line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Reason)
        : new SkippedItem(SkipKind.File, e.Source, e.Reason);
}

/// <summary>What an import did.</summary>
public sealed record ImportReport(int Articles, int QuotesAdded, int Duplicates, IReadOnlyList<SkippedItem> Skipped)
{
    /// <summary>Attributed quotes extracted but not stored because their speaker is unknown.</summary>
    public int Unattributed { get; init; }

    public int FilesSkipped => Skipped.Count(s => s.Kind == SkipKind.File);

    public int LinesSkipped => Skipped.Count(s => s.Kind == SkipKind.Line);

    public int QuotesSkipped => Skipped.Where(s => s.Kind == SkipKind.Quote).Sum(s => s.Count);

    /// <summary>"2 files, 4 lines and 1 quote skipped", or "nothing skipped".</summary>
    public string SkippedSummary()
    {
        var parts = new List<string>();
        Add(FilesSkipped, "file", "files");
        Add(LinesSkipped, "line", "lines");
        Add(QuotesSkipped, "quote", "quotes");
        return parts.Count switch
        {
            0 => "nothing skipped",
            1 => parts[0] + " skipped",
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1] + " skipped",
        };

        void Add(int n, string one, string many)
        {
            if (n > 0)
            {
                parts.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many));
            }
        }
    }
}

/// <summary>
/// Reads articles, extracts their quotes and stores the attributed ones: one <see cref="IQuoteStore.AddManyAsync"/>
/// call per article, so an article is stored whole or not at all, and re-importing adds nothing (dedupe). A quote that
/// breaks <see cref="QuoteRules"/> (a javascript: link, a control character, too long) is skipped with its reason.
/// </summary>
public static class ArticleImporter
{
    public static async Task<ImportReport> ImportAsync(
        IEnumerable<string> paths,
        IQuoteStore store,
        Actor actor,
        DateTimeOffset now,
        IProgress<ImportProgress>? progress = null,
        CancellationToken ct = default,
        ArticleMeta? source = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(actor);
        var (files, expandErrors) = ArticleLoader.ExpandPaths(paths);
        var skipped = expandErrors.Select(SkippedItem.From).ToList();
        int articles = 0, added = 0, duplicates = 0, unattributed = 0, done = 0;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var loaded = ArticleLoader.LoadFile(file);
            skipped.AddRange(loaded.Errors.Select(SkippedItem.From));
            foreach (var loadedArticle in loaded.Articles)
            {
                ct.ThrowIfCancellationRequested();
                var article = source is null ? loadedArticle : loadedArticle.WithMeta(Override(loadedArticle.Meta, source));
                IReadOnlyList<ExtractedQuote> quotes;
                try
                {
                    quotes = QuoteExtractor.Extract(article);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
                {
                    skipped.Add(new SkippedItem(SkipKind.File, ArticleName(article.Source), "extraction failed: " + ex.Message.ReplaceLineEndings(" ")));
                    continue;
                }

                articles++;
                var batch = new List<NewQuote>();
                foreach (var problem in ToNewQuotes(article, quotes, actor, now).Select(q => (Quote: q, Problem: QuoteRules.Check(q))).GroupBy(p => p.Problem))
                {
                    if (problem.Key is null)
                    {
                        batch.AddRange(problem.Select(p => p.Quote));
                    }
                    else
                    {
                        skipped.Add(new SkippedItem(SkipKind.Quote, ArticleName(article.Source), problem.Key, problem.Count()));
                    }
                }

                unattributed += quotes.Where(q => q.Speaker is null).Select(q => q.Group).Distinct().Count();
                if (batch.Count == 0)
                {
                    continue;
                }

                var summary = await store.AddManyAsync(batch, actor, ct).ConfigureAwait(false);
                added += summary.Added;
                duplicates += summary.Duplicates;
            }

            done++;
            progress?.Report(new ImportProgress(done, files.Count, articles, added, file));
        }

        return new ImportReport(articles, added, duplicates, skipped) { Unattributed = unattributed };
    }

    /// <summary>"feed.jsonl:3" (an article's source) as "feed.jsonl line 3".</summary>
    private static string ArticleName(string source)
    {
        var colon = source.LastIndexOf(':');
        return colon > 0 && colon < source.Length - 1 && source.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0
            ? source[..colon] + " line " + source[(colon + 1)..]
            : source;
    }

    /// <summary>Outlet, title, URL, date and author given for the import (the command line) win over what the file says.</summary>
    public static ArticleMeta Override(ArticleMeta meta, ArticleMeta given) => new(
        given.Title ?? meta.Title,
        given.Outlet ?? meta.Outlet,
        given.Url ?? meta.Url,
        given.Published ?? meta.Published,
        given.Author ?? meta.Author);

    /// <summary>
    /// Maps the attributed quotes of one article to <see cref="NewQuote"/>s: the spans of one utterance (a split quote,
    /// a quote over several paragraphs) are joined into one quote; quotes without a speaker are left out.
    /// </summary>
    public static IReadOnlyList<NewQuote> ToNewQuotes(Article article, IReadOnlyList<ExtractedQuote> quotes, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(quotes);
        var source = new QuoteSource(article.Meta.Outlet, article.Meta.Title, article.Meta.Url, article.Meta.Published);
        var result = new List<NewQuote>();
        foreach (var group in quotes.Where(q => q.Speaker is not null).GroupBy(q => q.Group))
        {
            var parts = group.OrderBy(q => q.Start).ToList();
            var text = JoinParts(parts.Select(q => q.Text));
            if (text.Length == 0)
            {
                continue;
            }

            var first = parts[0];
            var para = first.Paragraph;
            var context = new QuoteContext(
                Clean(article.Paragraph(para)),
                para - 1 >= article.HeadlineParagraphs ? Clean(article.Paragraph(para - 1)) : null,
                para + 1 < article.Paragraphs.Count ? Clean(article.Paragraph(para + 1)) : null,
                parts.Select(q => q.Audience).FirstOrDefault(a => a is not null));
            result.Add(new NewQuote
            {
                Text = text,
                Speaker = first.Speaker,
                Source = source,
                Context = context,
                Scope = Scope.Global,
                AddedBy = actor.Id,
                AddedAt = now,
            });
        }

        return result;
    }

    /// <summary>Joins the spans of one utterance: "We're not ready," + "to accept it." gives "We're not ready to accept it."</summary>
    public static string JoinParts(IEnumerable<string> parts)
    {
        var sb = new StringBuilder();
        foreach (var raw in parts)
        {
            var part = Clean(raw);
            if (part.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                var last = sb[^1];
                if (last == ',' && char.IsLower(part[0]))
                {
                    sb.Length--;
                }
                else if (last == ',')
                {
                    sb[^1] = '.';
                }
                else if (last is not ('.' or '!' or '?' or ':' or ';' or '\u2026' or '\u2014') && char.IsUpper(part[0]))
                {
                    sb.Append('.');
                }

                sb.Append(' ');
            }

            sb.Append(part);
        }

        while (sb.Length > 0 && sb[^1] == ',')
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    /// <summary>Collapses runs of white space (CRLF, tabs, non-breaking spaces) to single spaces.</summary>
    public static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
