namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// What the writer knows of its streams' ends while a group is being written (round 31): trusted only between a group that
/// found the data version unchanged under its write lock and that group's end, and only for a stream's known end itself.
/// The paths through the store that reach it (OwnWritesTests) cannot stop a group between its lock and its commit; here each
/// step is taken by hand.
/// </summary>
public sealed class KnownHeadsTests
{
    private const string Stream = "relationship-AA~BB";

    [Fact]
    public void A_group_that_found_the_data_version_unchanged_vouches_for_a_known_end_and_for_no_other_revision()
    {
        var heads = new KnownHeads();
        heads.Committed(7, [(Stream, 1UL)]);
        Assert.False(heads.EndsAtDuringGroup(Stream, 1)); // no group has vouched yet

        heads.GroupStarts(7);
        Assert.True(heads.EndsAtDuringGroup(Stream, 1));
        Assert.False(heads.EndsAtDuringGroup(Stream, 2)); // a history that ends later than the stream is not this stream's
        Assert.False(heads.EndsAtDuringGroup(Stream, 50));
        Assert.False(heads.EndsAtDuringGroup(Stream, 0)); // revision 1 follows it
        Assert.False(heads.EndsAtDuringGroup("relationship-AA~CC", 0)); // not known

        heads.GroupEnds();
        Assert.False(heads.EndsAtDuringGroup(Stream, 1)); // another connection may commit before the next group's lock
    }

    [Theory]
    [InlineData(8L)] // another connection committed since our last commit
    [InlineData(null)] // the data version could not be read
    public void A_group_that_did_not_find_the_data_version_unchanged_vouches_for_nothing_and_what_was_known_is_forgotten(long? version)
    {
        var heads = new KnownHeads();
        heads.Committed(7, [(Stream, 1UL)]);

        heads.GroupStarts(version);

        Assert.False(heads.EndsAtDuringGroup(Stream, 1));
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

        Assert.False(heads.EndsAtDuringGroup(Stream, 1));
    }
}
