using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Api.Security;

/// <summary>One configured API key: a name for logs, the SHA-256 of the key (never the key), and its role.</summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the key's UTF-8 bytes, 64 hex digits.</summary>
    public string Hash { get; set; } = "";

    /// <summary><c>recorder</c> (writes and reads) or <c>reader</c> (reads only).</summary>
    public string Role { get; set; } = "";

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return "Name is required.";
        // The name is recorded in every event written with the key (recordedThrough), under the rules of any recorded text.
        else if (Name.Length > FieldRules.ShortText) yield return $"Name must be at most {FieldRules.ShortText} characters (it has {Name.Length}): it is recorded as 'recordedThrough' on every event recorded with the key.";
        else if (FieldRules.UnprintableAt(Name) is var at and >= 0) yield return $"{FieldRules.Unprintable("Name", Name, at)} It is recorded as 'recordedThrough' on every event recorded with the key.";
        // recordedThrough is a name (who recorded): held to the names' rule as recordedBy is, or two keys' events could look alike.
        else if (InvisibleCharacters.InNameAt(Name) is var hidden and >= 0)
            yield return $"Name holds an invisible character ({InvisibleCharacters.Name(InvisibleCharacters.CodePointAt(Name, hidden))} at position {hidden + 1}): " +
                "it is recorded as 'recordedThrough' on every event recorded with the key, and a name must read as it is written.";
        if (!ApiKeyHash.IsHash(Hash)) yield return "Hash must be the SHA-256 of the key as 64 hex digits (ledger api-key new prints it).";
        if (!Roles.IsRole(Role)) yield return $"Role must be {Roles.Recorder} or {Roles.Reader}; '{Role}' is not.";
    }
}
