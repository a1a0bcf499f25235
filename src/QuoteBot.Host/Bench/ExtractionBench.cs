using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using QuoteBot.Extraction;

namespace QuoteBot.Host.Bench;

/// <summary>
/// <c>quotebot bench extract [--mb N] [--input DIR]</c>: extraction speed, single-threaded, over ~N MB of article text
/// (generated, or the given articles replicated).
/// </summary>
internal static class ExtractionBench
{
    /// <summary>Extractions before timing starts: twice the runtime's call count for promoting a method to its fully optimised tier.</summary>
    internal const int WarmExtractions = 64;

    public static Command Create()
    {
        var mb = new Option<int>("--mb") { Description = "Megabytes of article text to process (default 64)", DefaultValueFactory = _ => 64 };
        var input = new Option<string?>("--input") { Description = "Replicate the articles in this file or directory instead of generating text" };
        var shape = new Option<string>("--shape") { Description = "Generated input: short (many news-length articles), long (one ~400 KB article, repeated), dense (one ~3 MB quote-dense article)", DefaultValueFactory = _ => "short" };
        shape.AcceptOnlyFromAmong("short", "long", "dense");
        var save = new Option<string?>("--save") { Description = "Also write the generated long or dense article to this file (to time `quotebot extract --json` on it)" };
        var command = new Command("extract", "Measure quote extraction speed (MB/s, single-threaded)");
        command.Options.Add(mb);
        command.Options.Add(input);
        command.Options.Add(shape);
        command.Options.Add(save);
        command.SetAction(parse =>
        {
            var cfg = parse.InvocationConfiguration;
            return Run(parse.GetValue(mb), parse.GetValue(input), cfg.Output, cfg.Error, parse.GetValue(shape) ?? "short", parse.GetValue(save));
        });
        return command;
    }

    internal static int Run(int megabytes, string? input, TextWriter output, TextWriter error, string shape = "short", string? save = null)
    {
        if (megabytes is < 1 or > 4096)
        {
            error.WriteLine("error: --mb must be between 1 and 4096");
            return 1;
        }

        List<Article> seed;
        if (input is null && shape is "long" or "dense")
        {
            seed = [shape == "long" ? Long(400 * 1024) : Dense(3 * 1024 * 1024)];
            if (save is not null)
            {
                try
                {
                    File.WriteAllText(save, seed[0].Text);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"error: cannot write {save}: {ex.Message}");
                    return 1;
                }
            }
        }
        else if (input is not null)
        {
            var (files, errors) = ArticleLoader.ExpandPaths([input]);
            seed = files.SelectMany(f => ArticleLoader.LoadFile(f).Articles).ToList();
            if (seed.Count == 0)
            {
                error.WriteLine($"error: no article could be read from {input}{(errors.Count > 0 ? ": " + errors[0].Reason : string.Empty)}");
                return 1;
            }
        }
        else
        {
            seed = Generate(200);
        }

        var target = (long)megabytes * 1024 * 1024;
        var articles = new List<Article>();
        long bytes = 0;
        for (var i = 0; bytes < target; i++)
        {
            var a = seed[i % seed.Count];
            articles.Add(a);
            bytes += Encoding.UTF8.GetByteCount(a.Text);
        }

        // Warm up the JIT on the seed set, so that the figure is the steady state (what a Native AOT build runs from
        // the start) rather than tiered compilation at work; `quotebot extract` end to end shows the cold case. The
        // runtime recompiles a method fully optimised only after about 30 calls, and methods that run once per
        // article (preparing, naming, attributing) are called once per extraction: so at least WarmExtractions
        // extractions and one second, then a pause for the background compiler to finish its queue.
        var warm = Stopwatch.StartNew();
        var extractions = 0;
        do
        {
            foreach (var a in seed)
            {
                QuoteExtractor.Extract(a);
                extractions++;
            }
        }
        while (warm.Elapsed < TimeSpan.FromSeconds(1) || extractions < WarmExtractions);

        Thread.Sleep(TimeSpan.FromMilliseconds(500));

        var quotes = 0L;
        GCSettings.LatencyMode = GCLatencyMode.Batch; // as `quotebot extract` runs
        GC.Collect();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var alloc0 = GC.GetAllocatedBytesForCurrentThread();
        var gc0 = GC.CollectionCount(0);
        var sw = Stopwatch.StartNew();
        foreach (var a in articles)
        {
            quotes += QuoteExtractor.Extract(a).Count;
        }

        sw.Stop();
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - alloc0) / 1024.0 / 1024.0;
        var collections = GC.CollectionCount(0) - gc0;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var size = bytes / 1024.0 / 1024.0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"extract: {articles.Count} articles, {size:F1} MB UTF-8, {quotes} quotes; wall {sw.Elapsed.TotalSeconds:F2} s = {size / sw.Elapsed.TotalSeconds:F1} MB/s; process CPU {cpu:F2} s = {size / cpu:F1} MB/s per core (one thread; CPU time excludes waiting on a busy machine); allocated {allocated:F0} MB ({allocated / size:F1} bytes per input byte), {collections} gen-0 collections (generation-0 budget cap {BenchCommand.Gen0MaxBudgetMb()})"));
        return 0;
    }

    private static readonly string[] First = ["Marta", "Jonas", "Ilse", "Tomasz", "Adaeze", "Pieter", "Selma", "Rafael", "Oona", "Kofi"];
    private static readonly string[] Last = ["Vrana", "Holmqvist", "Adebayo", "Kerrigan", "Lindqvist", "Moravec", "Tanaka", "Okonjo", "Sandoval", "Brandt"];
    private static readonly string[] Roles = ["Finance Minister", "Sen.", "Gov.", "Mayor", "Foreign Minister", "Rep."];
    private static readonly string[] Verbs = ["said", "told reporters", "added", "noted", "insisted", "warned", "argued", "wrote on X"];
    private static readonly string[] Clauses =
    [
        "we are not going to accept a deal that leaves our farmers behind",
        "the budget has to be balanced before the winter session begins",
        "nobody in this government has asked for a blank check",
        "the numbers simply do not add up for the families in the north",
        "our position has not changed since the talks began in the spring",
        "there is still time to fix this, but not much time",
        "the committee will hear every witness before it votes",
        "the port will stay open as long as the ships keep coming",
    ];

    /// <summary>One long article (a live blog or a transcript-length feature) of about <paramref name="chars"/> characters: the bodies of generated articles run together, with many speakers.</summary>
    internal static Article Long(int chars)
    {
        var sb = new StringBuilder("Live: budget talks through the night\n\n");
        foreach (var a in Generate(2000))
        {
            var body = a.Text;
            var start = body.IndexOf("\n\n", StringComparison.Ordinal) + 2;
            var end = body.IndexOf("About the Evening Ledger", StringComparison.Ordinal);
            sb.Append(body, start, end - start);
            if (sb.Length >= chars)
            {
                break;
            }
        }

        return Article.FromPlainText("generated-long.txt", sb.ToString());
    }

    /// <summary>
    /// One quote-dense article of about <paramref name="chars"/> characters, like an interview write-up repeated: almost
    /// every paragraph a quote by the same few people, named by surname, pronoun or title.
    /// </summary>
    internal static Article Dense(int chars)
    {
        var rng = new Random(20261205);
        var sb = new StringBuilder("President Oleksa Marchenko gives interview on the war and the talks\n\n");
        sb.Append("President Oleksa Marchenko said on Tuesday that his country would not give up territory, speaking to Rob Keller of the Evening Ledger in the capital.\n\n");
        string C() => Clauses[rng.Next(Clauses.Length)];
        string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
        while (sb.Length < chars)
        {
            switch (rng.Next(7))
            {
                case 0:
                    sb.Append(CultureInfo.InvariantCulture, $"\u201C{Cap(C())},\u201D Marchenko said. \u201C{Cap(C())}.\u201D");
                    break;
                case 1:
                    sb.Append(CultureInfo.InvariantCulture, $"Marchenko told Keller that {C()}, adding: \u201C{Cap(C())}.\u201D");
                    break;
                case 2:
                    sb.Append(CultureInfo.InvariantCulture, $"\u201C{Cap(C())},\u201D he said, \u201Cand {C()}.\u201D");
                    break;
                case 3:
                    sb.Append(CultureInfo.InvariantCulture, $"Asked about the \u201Cpeace plan\u201D, the president acknowledged that {C()}.");
                    break;
                case 4:
                    sb.Append(CultureInfo.InvariantCulture, $"\u201C{Cap(C())}. {Cap(C())}. {Cap(C())}.\u201D");
                    break;
                case 5:
                    sb.Append(CultureInfo.InvariantCulture, $"Keller asked whether {C()}. \u201CNo,\u201D Marchenko replied. \u201C{Cap(C())}.\u201D");
                    break;
                default:
                    sb.Append(CultureInfo.InvariantCulture, $"The Ukrainian leader, who has met envoys from Washington and Brussels this month, insisted that {C()} and warned that {C()}.");
                    break;
            }

            sb.Append("\n\n");
        }

        return Article.FromPlainText("generated-dense.txt", sb.ToString());
    }

    /// <summary>Original synthetic articles with the patterns the extractor handles (both orders, split and colon quotes, scare quotes).</summary>
    internal static List<Article> Generate(int count)
    {
        var rng = new Random(20261125);
        var list = new List<Article>(count);
        for (var n = 0; n < count; n++)
        {
            var sb = new StringBuilder();
            var a = First[rng.Next(First.Length)] + " " + Last[rng.Next(Last.Length)];
            var b = First[rng.Next(First.Length)] + " " + Last[rng.Next(Last.Length)];
            string C() => Clauses[rng.Next(Clauses.Length)];
            string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
            sb.Append(CultureInfo.InvariantCulture, $"Budget talks stall as {a.Split(' ')[1]} digs in\n\n");
            sb.Append(CultureInfo.InvariantCulture, $"{Roles[rng.Next(Roles.Length)]} {a} said on Tuesday that the plan was \"dead on arrival\" and that the coalition would have to start again.\n\n");
            for (var p = 0; p < 14; p++)
            {
                var who = rng.Next(2) == 0 ? a : b;
                var surname = who.Split(' ')[1];
                switch (rng.Next(6))
                {
                    case 0:
                        sb.Append(CultureInfo.InvariantCulture, $"\"{Cap(C())},\" {surname} {Verbs[rng.Next(Verbs.Length)]}.");
                        break;
                    case 1:
                        sb.Append(CultureInfo.InvariantCulture, $"{surname} told the Evening Ledger: \u201C{Cap(C())}. {Cap(C())}.\u201D");
                        break;
                    case 2:
                        sb.Append(CultureInfo.InvariantCulture, $"\"{Cap(C())},\" {surname} said, \"and {C()}.\"");
                        break;
                    case 3:
                        sb.Append(CultureInfo.InvariantCulture, $"The opposition called the proposal a \"gimmick\" and said the {rng.Next(3, 40)} amendments filed on Monday would be debated next week, according to a schedule published by the clerk.");
                        break;
                    case 4:
                        sb.Append(CultureInfo.InvariantCulture, $"\u201C{Cap(C())}. {Cap(C())}.\u201D");
                        break;
                    default:
                        sb.Append(CultureInfo.InvariantCulture, $"{b}, a spokesperson for the ministry, said the figures would be revised, adding that {C()} and that {C()}.");
                        break;
                }

                sb.Append("\n\n");
            }

            sb.Append("About the Evening Ledger:\n\nThe Evening Ledger is an invented newspaper used for benchmarks.\n");
            list.Add(Article.FromPlainText($"generated-{n}.txt", sb.ToString()));
        }

        return list;
    }
}
