using System.CommandLine;
using QuoteBot.Host.Bench;
using QuoteBot.Host.Cli;

// Minimal entry point for the extraction branch; the lead's Program.cs replaces it at merge.
var root = new RootCommand("QuoteBot");
root.Subcommands.Add(ExtractCommand.Create());
var bench = new Command("bench", "Benchmarks");
bench.Subcommands.Add(ExtractionBench.Create());
root.Subcommands.Add(bench);
return root.Parse(args).Invoke();
