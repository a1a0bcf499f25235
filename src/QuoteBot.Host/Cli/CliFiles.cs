namespace QuoteBot.Host.Cli;

/// <summary>File problems of the CLI as plain sentences that name the file (instead of .NET's exception messages).</summary>
internal static class CliFiles
{
    /// <summary>Why <paramref name="path"/> cannot be written, found before anything is written; null when it looks writable.</summary>
    public static string? WriteProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "Give a file name to write to, like quotes.json.";
        }

        if (Directory.Exists(path))
        {
            return $"Cannot write {path}: it is a folder; give a file name, like {Path.Combine(path, "quotes.json")}.";
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            return $"Cannot write {path}: the folder {folder} does not exist.";
        }

        return null;
    }

    /// <summary>One sentence for a failed read or write of <paramref name="path"/>.</summary>
    public static string Describe(string path, Exception ex, bool writing)
    {
        var verb = writing ? "write" : "read";
        return ex switch
        {
            UnauthorizedAccessException => $"Cannot {verb} {path}: permission denied.",
            DirectoryNotFoundException => $"Cannot {verb} {path}: the folder {Path.GetDirectoryName(Path.GetFullPath(path))} does not exist.",
            FileNotFoundException => $"Cannot {verb} {path}: no such file.",
            IOException io when io.HResult is 28 or unchecked((int)0x80070070) => $"Cannot {verb} {path}: the disk is full.",
            _ => $"Cannot {verb} {path}: {ex.Message.Split('\n')[0].Trim().TrimEnd('.')}.",
        };
    }
}
