using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Tests;

/// <summary>A table's short ids are as short as they can be and never read the same for two events.</summary>
public sealed class ShortIdsTests
{
    private static readonly Guid A = Guid.Parse("4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7b01");

    [Theory]
    [InlineData("9a000000-0000-0000-0000-000000000000", "4f1c2a8e")]            // differ in the first group
    [InlineData("4f1c2a8e-ffff-0000-0000-000000000000", "4f1c2a8e-0b7d")]       // the same first group
    [InlineData("4f1c2a8e-0b7d-4c61-ffff-000000000000", "4f1c2a8e-0b7d-4c61-9a3e")]
    [InlineData("4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7b02", "4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7b01")] // only the last group differs: the whole id
    public void An_id_is_cut_at_the_first_group_boundary_where_every_shown_id_differs(string other, string expected)
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
    public void A_thousand_random_ids_read_differently()
    {
        var random = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToList();
        var ids = new ShortIds(random);
        Assert.Equal(random.Count, random.Select(ids.Of).Distinct().Count());
    }
}
