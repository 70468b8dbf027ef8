using Clln.Cli;

return await CllnApp.RunAsync(args, Console.Out, Console.Error);
