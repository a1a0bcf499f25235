using System.Text;

namespace QuoteBot.Core.Text;

/// <summary>White space folded for display: runs become one space, none at either end.</summary>
public static class Spaces
{
    /// <summary>
    /// <paramref name="text"/> with every run of white space (and of control characters, with
    /// <paramref name="controlsToo"/>) made one space, and none left at the start or the end.
    /// </summary>
    public static string Collapse(string text, bool controlsToo = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || (controlsToo && char.IsControl(c)))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
