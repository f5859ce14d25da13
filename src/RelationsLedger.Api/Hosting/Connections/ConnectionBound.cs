namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// How many connections the server holds, across its listeners, against <see cref="ApiOptions.MaxConnections"/>. A place is
/// taken as a connection is accepted and given back when Kestrel disposes it (its socket closed): what it counts is file
/// descriptors, which is what the bound is for.
/// </summary>
internal sealed class ConnectionBound(int max)
{
    private int _held;

    public int Max { get; } = max;

    public int Held => Volatile.Read(ref _held);

    /// <summary>Takes a place if one is free.</summary>
    public bool TryHold()
    {
        while (true)
        {
            var held = Volatile.Read(ref _held);
            if (held >= Max) return false;
            if (Interlocked.CompareExchange(ref _held, held + 1, held) == held) return true;
        }
    }

    public void Release() => Interlocked.Decrement(ref _held);
}
