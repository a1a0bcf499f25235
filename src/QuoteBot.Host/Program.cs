using System.CommandLine;
using QuoteBot.Host.Bench;

// Minimal entry point of the sqlite branch; the lead's Program.cs replaces it at merge.
var root = new RootCommand("quotebot");
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync();
