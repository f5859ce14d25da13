using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Security;

/// <summary>
/// The configured keys, by hash. A presented key is hashed and compared with every entry in constant time. The set is
/// replaced whole (<see cref="Replace"/>, on a reload of the configuration): a request sees the old set or the new one,
/// never a mix; a key removed has its <see cref="Revocation"/> cancelled, which ends its open event streams.
/// </summary>
public sealed class ApiKeyRing(IOptions<ApiOptions> options)
{
    /// <summary>One key: its entry, its hash as bytes (compared) and as lower-case hex (the request's claim), and its revocation.</summary>
    private sealed record Key(ApiKeyEntry Entry, byte[] Hash, string Hex, CancellationTokenSource Revoked);

    private volatile Key[] _keys = Keys(options.Value.Keys, []);
    private readonly Lock _replacing = new();

    public int Count => _keys.Length;

    public ApiKeyEntry? Find(string presented)
    {
        var hash = ApiKeyHash.Of(presented);
        ApiKeyEntry? found = null;
        // No early exit: the time taken does not depend on which entry (if any) matches.
        foreach (var key in _keys)
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash)) found ??= key.Entry;
        return found;
    }

    /// <summary>
    /// Cancelled when the key of <paramref name="hex"/> (the request's <see cref="ApiKeyAuthentication.KeyClaim"/>) is
    /// removed; already cancelled when no key in the set has it now (removed between the request's check and this call).
    /// </summary>
    public CancellationToken Revocation(string? hex) =>
        Array.Find(_keys, k => k.Hex == hex) is { } key ? key.Revoked.Token : new CancellationToken(canceled: true);

    /// <summary>
    /// Puts <paramref name="entries"/> (validated: <see cref="ApiOptions.Problems"/>) in place of the set, at once, and
    /// cancels the revocation of every key no longer in it — after the swap, so that a stream ended by it and its client's
    /// next request both meet the new set. A key kept (the same hash) keeps its revocation, whatever its name or role now.
    /// </summary>
    public KeyChanges Replace(IReadOnlyList<ApiKeyEntry> entries)
    {
        lock (_replacing)
        {
            var old = _keys;
            var next = Keys(entries, old);
            _keys = next;
            var removed = old.Where(o => !next.Any(n => n.Hex == o.Hex)).ToList();
            foreach (var key in removed) key.Revoked.Cancel();
            var kept = next.Select(n => (Was: Array.Find(old, o => o.Hex == n.Hex)?.Entry, Now: n.Entry)).Where(k => k.Was is not null).ToList();
            return new KeyChanges(
                next.Length,
                [.. next.Where(n => !old.Any(o => o.Hex == n.Hex)).Select(n => n.Entry.Name)],
                [.. removed.Select(r => r.Entry.Name)],
                [.. kept.Where(k => k.Was!.Role != k.Now.Role).Select(k => $"'{k.Now.Name}' {k.Was!.Role} → {k.Now.Role}")],
                [.. kept.Where(k => k.Was!.Name != k.Now.Name).Select(k => $"'{k.Was!.Name}' → '{k.Now.Name}'")]);
        }
    }

    /// <summary>The keys of <paramref name="entries"/>, each kept key with the revocation it had in <paramref name="old"/>.</summary>
    private static Key[] Keys(IEnumerable<ApiKeyEntry> entries, Key[] old) =>
    [
        .. entries.Select(e =>
        {
            var hex = e.Hash.ToLowerInvariant();
            return new Key(e, Convert.FromHexString(e.Hash), hex, Array.Find(old, o => o.Hex == hex)?.Revoked ?? new CancellationTokenSource());
        }),
    ];
}
