using System.Text.RegularExpressions;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The field names a validation message quotes (<c>'asOf'</c>, <c>'partyB'</c>), renamed as the client wrote them — the
/// HTTP API's URL names (<c>'b'</c>, <c>'atLeast'</c>), the command line's options (<c>'--as-of'</c>) — while the refused
/// value the message quotes stays as it was sent, even when it is spelt as a field. A message names its own field first
/// and then quotes the value (<c>'partyB' 'partyB' is neither …</c>), so a word that is the value is renamed only there,
/// and only when it is the failure's own field. Before round 51 the API renamed every quoted word that matched a field
/// (<c>'b' 'b' is neither … nor a lower-case slug</c>, of a value no one sent, and a slug at that), and the command line
/// none that matched the value (<c>'partyA' 'partyA' is neither …</c>).
/// </summary>
public static partial class QuotedFields
{
    /// <param name="message">The validator's message.</param>
    /// <param name="ownField">The field the failure is about, as the message names it (a nested field's last part).</param>
    /// <param name="value">The refused value, when the failure carries it.</param>
    /// <param name="nameOf">A quoted word's name as the client wrote it; null to leave it.</param>
    public static string Renamed(string message, string ownField, string? value, Func<string, string?> nameOf)
    {
        var ownSeen = false;
        return Quoted().Replace(message, m =>
        {
            var word = m.Groups[1].Value;
            var isField = word != value || (word == ownField && !ownSeen);
            ownSeen |= word == ownField;
            return isField && nameOf(word) is { } name ? $"'{name}'" : m.Value;
        });
    }

    /// <summary>A word in single quotes, as the validators quote a field: <c>'asOf'</c>, <c>'from'</c>.</summary>
    [GeneratedRegex(@"'([a-z][A-Za-z0-9]*)'")]
    private static partial Regex Quoted();
}
