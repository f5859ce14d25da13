using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Security;

/// <summary>The configured keys, by hash. A presented key is hashed and compared with every entry in constant time.</summary>
public sealed class ApiKeyRing(IOptions<ApiOptions> options)
{
    private readonly (ApiKeyEntry Entry, byte[] Hash)[] _keys =
        options.Value.Keys.Select(k => (k, Convert.FromHexString(k.Hash))).ToArray();

    public int Count => _keys.Length;

    public ApiKeyEntry? Find(string presented)
    {
        var hash = ApiKeyHash.Of(presented);
        ApiKeyEntry? found = null;
        // No early exit: the time taken does not depend on which entry (if any) matches.
        foreach (var (entry, stored) in _keys)
            if (CryptographicOperations.FixedTimeEquals(hash, stored)) found ??= entry;
        return found;
    }
}
