using QuoteBot.Host.Cli;

CliApp.ProcessStdout = Console.Out;
return CliApp.Run(args);
