using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Subscriptions;

namespace RelationsLedger.Store.KurrentDb.Tests;

public sealed class SubscriptionCursorTests
{
    private static RecordedEvent At(ulong commit, string stream = "relationship-FR~de") =>
        new(Guid.NewGuid(), stream, 0, new GlobalPosition(commit, commit), "T", Array.Empty<byte>(), Array.Empty<byte>(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Events_repeated_after_a_reconnect_are_dropped()
    {
        var cursor = new SubscriptionCursor(null, StreamFilter.Relationships);
        Assert.True(cursor.Accept(At(10)));
        Assert.True(cursor.Accept(At(20)));
        // The connection drops; the server sends again from the resume point, inclusive.
        Assert.Equal(new GlobalPosition(20, 20), cursor.ResumeFrom);
        Assert.False(cursor.Accept(At(20)));
        Assert.False(cursor.Accept(At(10)));
        Assert.True(cursor.Accept(At(30)));
    }

    [Fact]
    public void The_event_at_the_starting_position_is_not_delivered_again()
    {
        var cursor = new SubscriptionCursor(new GlobalPosition(10, 10), StreamFilter.All);
        Assert.False(cursor.Accept(At(10)));
        Assert.True(cursor.Accept(At(11)));
    }

    [Fact]
    public void A_checkpoint_moves_the_resume_point_forward_only()
    {
        var cursor = new SubscriptionCursor(null, StreamFilter.Relationships);
        Assert.Null(cursor.ResumeFrom);
        cursor.Checkpoint(new GlobalPosition(50, 49));
        Assert.Equal(new GlobalPosition(50, 49), cursor.ResumeFrom);
        cursor.Checkpoint(new GlobalPosition(40, 40));
        Assert.Equal(new GlobalPosition(50, 49), cursor.ResumeFrom);
        Assert.True(cursor.Accept(At(51)));
    }

    [Fact]
    public void Events_outside_the_filter_are_passed_over_but_not_delivered()
    {
        var cursor = new SubscriptionCursor(null, StreamFilter.Relationships);
        Assert.False(cursor.Accept(At(5, "$ce-relationship")));
        Assert.False(cursor.Accept(At(6, "other-stream")));
        Assert.Equal(new GlobalPosition(6, 6), cursor.ResumeFrom);
    }

    [Fact]
    public void Events_of_one_transaction_share_a_commit_and_are_ordered_by_prepare()
    {
        var cursor = new SubscriptionCursor(null, StreamFilter.All);
        RecordedEvent Prepared(ulong prepare) => At(100) with { Position = new GlobalPosition(100, prepare) };
        Assert.True(cursor.Accept(Prepared(100)));
        Assert.True(cursor.Accept(Prepared(180)));
        Assert.False(cursor.Accept(Prepared(100)));
        Assert.True(cursor.Accept(Prepared(260)));
    }
}
