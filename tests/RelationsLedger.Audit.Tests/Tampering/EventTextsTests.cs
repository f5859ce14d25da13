using RelationsLedger.Application.Audit;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Testing;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// What round 45 of issue #16 keeps of a decided event under the rules: the event with the pool's copy of each of its texts
/// (<see cref="EventTexts"/>). Each event decoded from a log has texts of its own; kept so, an event is equal to the decoded
/// one field for field, and two events that say the same hold the same copies — for every type of the catalogue, and for a
/// correction's replacement.
/// </summary>
public sealed class EventTextsTests
{
    public static TheoryData<string> EventTypes() => [.. RandomEvents.Types.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void An_event_kept_with_the_pools_texts_is_equal_to_the_decoded_one_and_shares_its_texts_with_every_equal_event(string typeName)
    {
        var type = RandomEvents.Types.Single(t => t.Name == typeName);
        var original = RandomEvents.Of(type, new Random(45), "RU", "org-1", canonical: true);
        var (first, second) = (Decoded(original), Decoded(original));
        var texts = new TextPool();

        var keptFirst = EventTexts.Pooled(first, texts);
        var keptSecond = EventTexts.Pooled(second, texts);

        Assert.Equal(original, keptFirst);
        Assert.Equal(original, keptSecond);
        Assert.NotSame(first, keptSecond);
        Assert.All(TextsOf(keptSecond).Zip(TextsOf(keptFirst)), pair => Assert.Same(pair.Second, pair.First));
        Assert.All(TextsOf(keptSecond).Zip(TextsOf(second)), pair => Assert.NotSame(pair.Second, pair.First)); // decoded: copies of their own
        Assert.Same(keptFirst, EventTexts.Pooled(keptFirst, texts)); // its texts the pool's already: itself
    }

    [Fact]
    public void A_corrections_replacement_is_kept_with_the_pools_texts_as_well()
    {
        var correction = new EntryCorrected(Guid.NewGuid(), "Wrong programme.", null, new SanctionsImposed("RU", "org-1", "Programme A", "sectoral"));
        var texts = new TextPool();
        var first = (EntryCorrected)EventTexts.Pooled(Decoded(correction), texts);
        var second = (EntryCorrected)EventTexts.Pooled(Decoded(correction), texts);

        Assert.Equal(correction, second);
        Assert.Same(first.Reason, second.Reason);
        Assert.All(TextsOf(second.Replacement!).Zip(TextsOf(first.Replacement!)), pair => Assert.Same(pair.Second, pair.First));
    }

    private static IRelationshipEvent Decoded(IRelationshipEvent e) =>
        EventJson.DeserializeData(EventCatalogue.NameOf(e), EventCatalogue.Of(e).Version, EventJson.SerializeData(e));

    private static List<string> TextsOf(IRelationshipEvent e) =>
        [.. e.GetType().GetProperties().Where(p => p.PropertyType == typeof(string) && p.GetValue(e) is not null).Select(p => (string)p.GetValue(e)!)];
}
