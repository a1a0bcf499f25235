namespace QuoteBot.Extraction;

/// <summary>
/// <see cref="char.IsLetterOrDigit(char)"/>, <see cref="char.IsWhiteSpace(char)"/>, <see cref="char.IsUpper(char)"/> and <see cref="char.IsLower(char)"/>
/// with the ASCII answers read from a table of this assembly, the rest passed on to <see cref="char"/>. The answers are
/// the same (a test compares all 128 ASCII characters); the point is ReadyToRun code: a published quotebot cannot
/// inline the framework's <c>char</c> methods into the tokenizer's per-character loops, so each test was a call. See
/// docs/extraction.md, Speed.
/// </summary>
internal static class AsciiChars
{
    private const byte LetterOrDigit = 1;
    private const byte WhiteSpace = 2;
    private const byte Upper = 4;
    private const byte Lower = 8;

    // 1: letter or digit, 2: white space, 4: upper case, 8: lower case; one byte per ASCII character.
    private static ReadOnlySpan<byte> Table =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
        5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0,
        0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0,
    ];

    public static bool IsLetterOrDigit(char c) => c < 128 ? (Table[c] & LetterOrDigit) != 0 : char.IsLetterOrDigit(c);

    public static bool IsWhiteSpace(char c) => c < 128 ? (Table[c] & WhiteSpace) != 0 : char.IsWhiteSpace(c);

    public static bool IsUpper(char c) => c < 128 ? (Table[c] & Upper) != 0 : char.IsUpper(c);

    public static bool IsLower(char c) => c < 128 ? (Table[c] & Lower) != 0 : char.IsLower(c);
}
