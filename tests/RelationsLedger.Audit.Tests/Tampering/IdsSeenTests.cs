using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// The ids <c>verify</c> and <c>digest</c> met, past a number in sorted runs in a temporary file (round 44 of issue #16):
/// every id met again is answered with where it was first, exactly, whether that is in the table or in any run, and an id
/// not met is answered as new — also for ids chosen so that <see cref="Guid.GetHashCode"/> is the same for all, and the
/// all-zero id.
/// </summary>
public sealed class IdsSeenTests
{
    private static FirstOfId At(int i) => new($"relationship-RU~org-{i % 13}", (ulong)(i / 13), new GlobalPosition((ulong)i + 1, (ulong)i + 7));

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Every_id_met_again_is_answered_with_where_it_was_first_and_no_other_as_met(int runSize)
    {
        var random = new Random(44);
        var ids = Enumerable.Range(0, 6000).Select(_ => CollidingIds.Next(random)).Prepend(Guid.Empty).ToList();
        Assert.All(ids, id => Assert.Equal(0, id.GetHashCode()));
        using var seen = new IdsSeen(runSize);

        for (var i = 0; i < ids.Count; i++) Assert.Null(seen.TryAdd(ids[i], At(i)));
        Assert.Equal(ids.Count / runSize, seen.Runs);

        // Met again, last to first: the first place each time, never the place it is met again at.
        for (var i = ids.Count - 1; i >= 0; i--) Assert.Equal(At(i), seen.TryAdd(ids[i], At(ids.Count + i)));
        // Ids never met: new, whichever run's pages they fall between (and then met, each once).
        var others = Enumerable.Range(0, 2000).Select(_ => CollidingIds.Next(random)).ToList();
        for (var i = 0; i < others.Count; i++) Assert.Null(seen.TryAdd(others[i], At(i)));
        Assert.Equal(ids.Count + others.Count, seen.Count);
    }
}
