namespace RelationsLedger.Domain.State;

/// <summary>Identities of items for the audit diff: their key fields, matched without regard to case or surrounding blanks.</summary>
public static class Keys
{
    public static string Of(params string?[] parts) => string.Join('\u001f', parts.Select(p => p?.Trim().ToUpperInvariant()));
}
