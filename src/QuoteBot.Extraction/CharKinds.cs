using System.Runtime.CompilerServices;

namespace QuoteBot.Extraction;

/// <summary>
/// <c>char.IsLetterOrDigit</c>, <c>IsWhiteSpace</c>, <c>IsUpper</c>, <c>IsLower</c> and <c>IsLetter</c> with ASCII
/// answered by a comparison or two, and everything else by <c>char</c> itself: the same answers (a test compares all
/// 65,536 characters). The tokenizer asks several of these for every character of an article. In a published
/// (ReadyToRun) quotebot the framework's versions are calls into another assembly that cannot be inlined; these are
/// small enough to be inlined there too (no table: reading a static table costs ReadyToRun code an indirection), and
/// marked for inlining because the tokenizer's loops are large enough for the JIT to stop inlining them otherwise.
/// </summary>
internal static class CharKinds
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

    // Tab, line feed, vertical tab, form feed, carriage return and space.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiWhiteSpace(char c) => c == ' ' || (uint)(c - '\t') <= '\r' - '\t';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLetterOrDigit(char c) => c < 128 ? IsAsciiLetter(c) || IsAsciiDigit(c) : char.IsLetterOrDigit(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhiteSpace(char c) => c < 128 ? IsAsciiWhiteSpace(c) : char.IsWhiteSpace(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsUpper(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' : char.IsUpper(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLower(char c) => c < 128 ? (uint)(c - 'a') <= 'z' - 'a' : char.IsLower(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLetter(char c) => c < 128 ? IsAsciiLetter(c) : char.IsLetter(c);
}
