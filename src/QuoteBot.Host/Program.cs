using QuoteBot.Host.Cli;

return await CliApp.RunAsync(args);
