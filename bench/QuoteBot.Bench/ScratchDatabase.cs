namespace QuoteBot.Bench;

/// <summary>The SQLite file a bench command runs on: the one given, or a scratch file it deletes afterwards.</summary>
internal static class ScratchDatabase
{
    /// <summary>The given path, or a new file in the temp folder named after <paramref name="prefix"/>.</summary>
    public static string PathFor(string? given, string prefix) =>
        given is { Length: > 0 } ? given : Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");

    /// <summary>Deletes the file and its WAL and shared-memory files, unless the user gave the path.</summary>
    public static void DeleteIfScratch(string? given, string path)
    {
        if (given is { Length: > 0 })
        {
            return;
        }

        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }
    }
}
