using System.Text.Json;
using QuoteBot.Core.Text;
using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>Scores the extractor against the labelled articles: quote precision/recall by span overlap, speaker accuracy by surname.</summary>
internal static class LabelledScorer
{
    public sealed record Gold(string Text, string? Speaker);

    public sealed record Figures(int Gold, int Predicted, int Matched, int SpeakerCorrect, IReadOnlyList<string> Misses)
    {
        public double Precision => Predicted == 0 ? 0 : (double)Matched / Predicted;

        public double Recall => Gold == 0 ? 0 : (double)Matched / Gold;

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

        public double SpeakerAccuracy => Matched == 0 ? 0 : (double)SpeakerCorrect / Matched;
    }

    /// <summary>The tuning set: the rules were written against it.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Labelled");

    /// <summary>The team's held-out set: written before the issue-12 tuning and never tuned on.</summary>
    public static string HeldOutDirectory => Path.Combine(AppContext.BaseDirectory, "HeldOut");

    /// <summary>A folder of labelled articles copied beside the tests (HeldOut2, HeldOut3: see UntouchedHeldOutSetTests).</summary>
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, name);

    public static IEnumerable<(string Article, string GoldPath)> Pairs(string? directory = null) =>
        System.IO.Directory.EnumerateFiles(directory ?? Directory)
            .Where(f => ArticleLoader.IsArticleFile(f))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, Path.Combine(Path.GetDirectoryName(f)!, Path.GetFileNameWithoutExtension(f) + ".gold.json")))
            .Where(p => File.Exists(p.Item2));

    public static List<Gold> ReadGold(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("quotes").EnumerateArray()
            .Select(q => new Gold(q.GetProperty("text").GetString()!, q.TryGetProperty("speaker", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null))
            .ToList();
    }

    public static Figures ScoreAll(string? directory = null)
    {
        int gold = 0, pred = 0, matched = 0, correct = 0;
        var misses = new List<string>();
        foreach (var (articlePath, goldPath) in Pairs(directory))
        {
            var f = ScoreFile(articlePath, goldPath);
            gold += f.Gold;
            pred += f.Predicted;
            matched += f.Matched;
            correct += f.SpeakerCorrect;
            misses.AddRange(f.Misses);
        }

        return new Figures(gold, pred, matched, correct, misses);
    }

    private sealed record Located(int Article, int Start, int End, Gold Gold);

    public static Figures ScoreFile(string articlePath, string goldPath)
    {
        var name = Path.GetFileName(articlePath);
        var golds = ReadGold(goldPath);
        var loaded = ArticleLoader.LoadFile(articlePath);
        var articles = loaded.Articles;
        var misses = new List<string>();
        foreach (var e in loaded.Errors)
        {
            misses.Add($"{name}: load error {e.Reason}");
        }

        // Locate each gold quote in order: in the current article from the cursor, else in the next articles.
        var located = new List<Located>();
        int ai = 0, cursor = 0;
        foreach (var g in golds)
        {
            var found = false;
            for (var a = ai; a < articles.Count && !found; a++)
            {
                var from = a == ai ? cursor : 0;
                var idx = articles[a].Text.IndexOf(g.Text, from, StringComparison.Ordinal);
                if (idx < 0 && a == ai)
                {
                    idx = articles[a].Text.IndexOf(g.Text, StringComparison.Ordinal);
                }

                if (idx >= 0)
                {
                    located.Add(new Located(a, idx, idx + g.Text.Length, g));
                    ai = a;
                    cursor = idx + g.Text.Length;
                    found = true;
                }
            }

            if (!found)
            {
                located.Add(new Located(-1, 0, 0, g));
                misses.Add($"{name}: gold not in extracted text: \"{Short(g.Text)}\"");
            }
        }

        var predicted = new List<(int Article, ExtractedQuote Q)>();
        for (var a = 0; a < articles.Count; a++)
        {
            predicted.AddRange(QuoteExtractor.Extract(articles[a]).Select(q => (a, q)));
        }

        var used = new bool[predicted.Count];
        var matched = 0;
        var correct = 0;
        foreach (var g in located)
        {
            var hit = -1;
            for (var i = 0; i < predicted.Count; i++)
            {
                if (used[i] || predicted[i].Article != g.Article)
                {
                    continue;
                }

                var p = predicted[i].Q;
                var overlap = Math.Min(p.End, g.End) - Math.Max(p.Start, g.Start);
                var shorter = Math.Min(p.End - p.Start, g.End - g.Start);
                if (overlap > 0 && overlap * 2 >= shorter)
                {
                    hit = i;
                    break;
                }
            }

            if (hit < 0)
            {
                if (g.Article >= 0)
                {
                    misses.Add($"{name}: MISSED [{g.Gold.Speaker ?? "null"}] \"{Short(g.Gold.Text)}\"");
                }

                continue;
            }

            used[hit] = true;
            matched++;
            var got = predicted[hit].Q.Speaker;
            if (SameSurname(got, g.Gold.Speaker))
            {
                correct++;
            }
            else
            {
                misses.Add($"{name}: SPEAKER want [{g.Gold.Speaker ?? "null"}] got [{got ?? "null"}] via {predicted[hit].Q.Method}/{predicted[hit].Q.Cue}: \"{Short(g.Gold.Text)}\"");
            }
        }

        for (var i = 0; i < predicted.Count; i++)
        {
            if (!used[i])
            {
                var q = predicted[i].Q;
                misses.Add($"{name}: EXTRA [{q.Speaker ?? "null"}] via {q.Method}: \"{Short(q.Text)}\"");
            }
        }

        return new Figures(golds.Count, predicted.Count, matched, correct, misses);
    }

    public static bool SameSurname(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return Surname(a) == Surname(b);
    }

    private static string Surname(string s)
    {
        var key = TextFolding.SpeakerKey(s).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return key.Length == 0 ? string.Empty : key[^1];
    }

    private static string Short(string s) => s.Length <= 70 ? s : s[..67] + "...";
}
