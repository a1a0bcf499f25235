using QuoteBot.Host.Cli;

CliApp.ProcessStdout = Console.Out;
return await CliApp.RunAsync(args);
