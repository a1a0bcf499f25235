namespace QuoteBot.Extraction;

/// <summary>
/// <c>char.IsLetterOrDigit</c>, <c>IsWhiteSpace</c>, <c>IsUpper</c>, <c>IsLower</c> and <c>IsLetter</c> with ASCII
/// answered by a comparison or two, and everything else by <c>char</c> itself: the same answers (a test compares all
/// 65,536 characters). The tokenizer asks several of these for every character of an article. In a published
/// (ReadyToRun) quotebot the framework's versions are calls into another assembly that cannot be inlined; these are
/// small enough to be inlined there too (no table: reading a static table costs ReadyToRun code an indirection).
/// </summary>
internal static class CharKinds
{
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

    // Tab, line feed, vertical tab, form feed, carriage return and space.
    public static bool IsAsciiWhiteSpace(char c) => c == ' ' || (uint)(c - '\t') <= '\r' - '\t';

    public static bool IsLetterOrDigit(char c) => c < 128 ? IsAsciiLetter(c) || IsAsciiDigit(c) : char.IsLetterOrDigit(c);

    public static bool IsWhiteSpace(char c) => c < 128 ? IsAsciiWhiteSpace(c) : char.IsWhiteSpace(c);

    public static bool IsUpper(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' : char.IsUpper(c);

    public static bool IsLower(char c) => c < 128 ? (uint)(c - 'a') <= 'z' - 'a' : char.IsLower(c);

    public static bool IsLetter(char c) => c < 128 ? IsAsciiLetter(c) : char.IsLetter(c);
}
