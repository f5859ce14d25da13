using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Protocol;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>
/// The members gossip has named so far, by address, and the seed that first named them. Every gossip answer the
/// connection uses must name at least one of them: seeds whose answers share no member are nodes of different
/// clusters (single nodes listed as if they were one cluster, a node of another cluster written by mistake), and
/// writes would go to whichever answered first — part of the ledger on one server, the rest on another, each
/// chain of hashes starting again there. Compared among the answers only, so a seed written as a name the members
/// do not advertise (localhost for 127.0.0.1) is no mismatch; and by address, which a restarted node keeps.
/// </summary>
internal sealed class OneCluster
{
    private readonly Lock _lock = new();
    private readonly HashSet<KurrentDbEndpoint> _members = [];
    private (KurrentDbEndpoint Seed, KurrentDbEndpoint[] Members)? _first;

    /// <summary>Takes the answer of <paramref name="seed"/>, or throws <see cref="StoreUnavailableException"/> when it names none of the members seen before.</summary>
    public void Admit(KurrentDbEndpoint seed, IEnumerable<MemberInfo> answer)
    {
        var members = ClusterMembers.Endpoints(answer);
        if (members.Length == 0) return;
        lock (_lock)
        {
            if (_first is { } first && !_members.Overlaps(members))
                throw new StoreUnavailableException(
                    $"The hosts of the KurrentDB connection string are not one cluster: gossip at {seed} names {List(members)}, " +
                    $"and gossip at {first.Seed} named {List(first.Members)}. Writes would go to whichever answered first, and the " +
                    "ledger's events would be split between them; nothing was sent. Name the nodes of one cluster (each started " +
                    "with --cluster-size and the others as gossip seeds), or one node.");
            _first ??= (seed, members);
            _members.UnionWith(members);
        }
    }

    private static string List(IEnumerable<KurrentDbEndpoint> members) => string.Join(", ", members.Order(Comparer<KurrentDbEndpoint>.Create(
        (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))));
}
