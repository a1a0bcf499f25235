using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace QuoteBot.Extraction;

/// <summary>
/// Reads a UTF-8 file into a string in chunks, with the same answer as <see cref="File.ReadAllBytes"/> followed by
/// <see cref="ArticleLoader.TryDecode"/>, without holding the whole file as bytes: a first pass over the file checks it
/// (NUL bytes, well-formed UTF-8) and counts its UTF-16 length, a second decodes it straight into a string of that
/// length. A 3 MB file no longer costs a 3 MB byte array on fresh memory beside its 6 MB string (the one-shot
/// <c>quotebot extract</c> pays a page fault for every new 4 KB page). Files of unknown length (pipes, /proc), files
/// of one chunk or less and files that change between the passes take the whole-file path.
/// </summary>
internal static class FileText
{
    /// <summary>Bytes read per call (a pooled buffer).</summary>
    internal const int DefaultChunk = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads <paramref name="path"/> as <see cref="ArticleLoader.TryDecode"/> decodes a file's bytes. I/O errors are
    /// thrown as <see cref="File.ReadAllBytes"/> throws them.
    /// </summary>
    public static bool TryRead(string path, out string content, out string reason, int chunk = DefaultChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 4);
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
        {
            var length = RandomAccess.GetLength(handle);
            if (length > chunk && length <= Array.MaxLength)
            {
                var read = TryReadChunked(handle, length, chunk, out content, out reason);
                if (read || reason.Length > 0)
                {
                    return read;
                }
            }
        }

        return ArticleLoader.TryDecode(File.ReadAllBytes(path), out content, out reason);
    }

    // False with an empty reason: the file changed while it was read (take the whole-file path).
    private static bool TryReadChunked(SafeFileHandle handle, long length, int chunk, out string content, out string reason)
    {
        content = string.Empty;
        reason = string.Empty;
        var bytes = ArrayPool<byte>.Shared.Rent(chunk + 4);
        var chars = ArrayPool<char>.Shared.Rent(chunk + 4);
        try
        {
            // Pass 1: NUL bytes anywhere (after a BOM) make it binary, ahead of any bad UTF-8 (as TryDecode checks).
            var first = Pass(handle, length, chunk, bytes, chars, default, out var count, out var nul, out var bad);
            if (first < 0)
            {
                return false;
            }

            if (nul)
            {
                reason = "binary file (contains NUL bytes)";
                return false;
            }

            if (bad)
            {
                reason = "not UTF-8 text";
                return false;
            }

            // Pass 2: decode into the string itself.
            var text = count == 0 ? string.Empty : string.Create((int)count, (handle, length, chunk, bytes, chars), static (dest, s) =>
            {
                if (Pass(s.handle, s.length, s.chunk, s.bytes, s.chars, dest, out var n, out var nul2, out var bad2) < 0 || n != dest.Length || nul2 || bad2)
                {
                    throw new FileChangedException();
                }
            });
            content = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
            return true;
        }
        catch (FileChangedException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// One pass over the file's bytes after a UTF-8 BOM: the UTF-16 length, whether a NUL byte occurs and whether the
    /// bytes are not well-formed UTF-8; with a non-empty <paramref name="dest"/> the text is decoded into it (as far as
    /// it fits). Returns the bytes read, or -1 when the file's length was not <paramref name="length"/>.
    /// </summary>
    private static long Pass(SafeFileHandle handle, long length, int chunk, byte[] bytes, char[] scratch, Span<char> dest, out long count, out bool nul, out bool bad)
    {
        count = 0;
        nul = false;
        bad = false;
        long offset = 0;
        var carried = 0; // bytes of a character cut by the chunk's end, moved to the buffer's start
        var start = true;
        while (true)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(carried, chunk), offset);
            offset += n;
            var last = n == 0 || offset >= length;
            var span = bytes.AsSpan(0, carried + n);
            if (start)
            {
                start = false;
                if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    span = span[3..];
                }
            }

            if (span[carried..].IndexOf((byte)0) >= 0)
            {
                nul = true;
            }

            if (!bad)
            {
                var into = dest.IsEmpty ? scratch.AsSpan() : dest[(int)Math.Min(count, dest.Length)..];
                var status = System.Text.Unicode.Utf8.ToUtf16(span, into, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: last);
                count += written;
                if (status == System.Buffers.OperationStatus.InvalidData || (status == System.Buffers.OperationStatus.NeedMoreData && last))
                {
                    bad = true;
                }
                else if (status == System.Buffers.OperationStatus.DestinationTooSmall)
                {
                    return -1; // longer than the first pass counted
                }

                // What is left is a character cut by the chunk's end (at most 3 bytes): read on after it.
                var rest = span[read..];
                if (!bad && !last)
                {
                    rest.CopyTo(bytes);
                    carried = rest.Length;
                }
            }
            else
            {
                carried = 0;
            }

            if (last)
            {
                return offset == length && RandomAccess.Read(handle, bytes.AsSpan(0, 1), offset) == 0 ? offset : -1;
            }
        }
    }

    private sealed class FileChangedException : Exception
    {
    }
}
