using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Tests;

/// <summary>A table's short ids are as short as they can be and never read the same for two events.</summary>
public sealed class ShortIdsTests
{
    private static readonly Guid A = Guid.Parse("4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7b01");

    [Theory]
    [InlineData("9a000000-0000-0000-0000-000000000000", "4f1c2a8e")]                                // the first group differs
    [InlineData("4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7b02", "4f1c2a8e…7b01")]                           // only the last digits
    [InlineData("4f1c2a8e-0000-0000-0000-000000007b01", "4f1c2a8e…a7b01")]                          // the last four shared too: five
    [InlineData("4f1c2a8e-ffff-4c61-9a3e-1d2f5e6a7b01", "4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7b01")]    // first and last group shared: whole
    public void An_id_shows_its_first_group_and_as_few_last_digits_as_tell_every_shown_id_apart(string other, string expected)
    {
        var ids = new ShortIds([A, Guid.Parse(other)]);
        Assert.Equal(expected, ids.Of(A));
        Assert.NotEqual(ids.Of(A), ids.Of(Guid.Parse(other)));
    }

    [Fact]
    public void One_id_shown_many_times_or_none_is_its_first_group()
    {
        Assert.Equal("4f1c2a8e", new ShortIds([A, A, A]).Of(A));
        Assert.Equal("4f1c2a8e", new ShortIds([]).Of(A));
    }

    [Fact]
    public void Random_ids_and_ids_that_share_their_first_group_read_differently()
    {
        var random = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToList();
        var ids = new ShortIds(random);
        Assert.Equal(random.Count, random.Select(ids.Of).Distinct().Count());

        var sharing = Enumerable.Range(0, 1000).Select(_ => Guid.Parse("4f1c2a8e" + Guid.NewGuid().ToString()[8..])).ToList();
        var cut = new ShortIds(sharing);
        Assert.Equal(sharing.Count, sharing.Select(cut.Of).Distinct().Count());
        Assert.All(sharing, id => Assert.StartsWith("4f1c2a8e…", cut.Of(id)));
    }
}
