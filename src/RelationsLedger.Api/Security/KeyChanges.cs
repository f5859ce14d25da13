namespace RelationsLedger.Api.Security;

/// <summary>What a <see cref="ApiKeyRing.Replace"/> changed, by the keys' names (never a key or a hash), for the log.</summary>
public sealed record KeyChanges(int Count, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> RoleChanged, IReadOnlyList<string> Renamed)
{
    public override string ToString()
    {
        var parts = new List<string>();
        if (Added.Count > 0) parts.Add("added " + Quoted(Added));
        if (Removed.Count > 0) parts.Add("removed " + Quoted(Removed) + " (refused from their next request; their open event streams end now)");
        if (RoleChanged.Count > 0) parts.Add("role changed " + string.Join(", ", RoleChanged) + " (from their next request)");
        if (Renamed.Count > 0) parts.Add("renamed " + string.Join(", ", Renamed));
        return $"{Count} API key{(Count == 1 ? "" : "s")} in use; " + (parts.Count == 0 ? "none added, removed or changed." : string.Join("; ", parts) + ".");
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
