namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store whose subscriptions outlive a lost connection (KurrentDB: <see cref="IEventStore.SubscribeToAllAsync"/> connects
/// again by itself): each loss is told here, since the subscription's reader sees only that no event comes. The server uses
/// it to tell an event stream's consumer, and its log, that the store is away.
/// </summary>
public interface ISaysSubscriptionDrops
{
    /// <summary>Raised with the failure each time a subscription's connection is lost, before it tries again.</summary>
    event Action<Exception>? SubscriptionDropped;
}
