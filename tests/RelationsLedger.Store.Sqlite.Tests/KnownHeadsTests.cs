namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// What the writer knows of its streams' ends while a group is being written (round 31): trusted only between a group that
/// found the data version unchanged under its write lock and that group's end, and only for what lies after a known end.
/// The paths through the store that reach it (OwnWritesTests) cannot stop a group between its lock and its commit; here each
/// step is taken by hand.
/// </summary>
public sealed class KnownHeadsTests
{
    private const string Stream = "relationship-AA~BB";

    [Fact]
    public void A_group_that_found_the_data_version_unchanged_vouches_for_what_follows_a_known_end_and_not_for_the_end_itself()
    {
        var heads = new KnownHeads();
        heads.Committed(7, [(Stream, 1UL)]);
        Assert.False(heads.EndsBeforeDuringGroup(Stream, 2)); // no group has vouched yet

        heads.GroupStarts(7);
        Assert.True(heads.EndsBeforeDuringGroup(Stream, 2));
        Assert.True(heads.EndsBeforeDuringGroup(Stream, 50));
        Assert.False(heads.EndsBeforeDuringGroup(Stream, 1)); // revision 1 is the end: it is there
        Assert.False(heads.EndsBeforeDuringGroup(Stream, 0));
        Assert.False(heads.EndsBeforeDuringGroup("relationship-AA~CC", 0)); // not known

        heads.GroupEnds();
        Assert.False(heads.EndsBeforeDuringGroup(Stream, 2)); // another connection may commit before the next group's lock
    }

    [Theory]
    [InlineData(8L)] // another connection committed since our last commit
    [InlineData(null)] // the data version could not be read
    public void A_group_that_did_not_find_the_data_version_unchanged_vouches_for_nothing_and_what_was_known_is_forgotten(long? version)
    {
        var heads = new KnownHeads();
        heads.Committed(7, [(Stream, 1UL)]);

        heads.GroupStarts(version);

        Assert.False(heads.EndsBeforeDuringGroup(Stream, 2));
        Assert.False(heads.Knows(Stream));
    }

    [Fact]
    public void Forgetting_ends_the_trust_of_a_group_being_written()
    {
        var heads = new KnownHeads();
        heads.Committed(7, [(Stream, 1UL)]);
        heads.GroupStarts(7);

        heads.Forget();
        heads.Committed(7, [(Stream, 1UL)]); // learned again, by a later commit: not vouched for by any group yet

        Assert.False(heads.EndsBeforeDuringGroup(Stream, 2));
    }
}
