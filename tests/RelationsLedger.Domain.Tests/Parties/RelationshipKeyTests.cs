using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Domain.Tests.Parties;

public sealed class RelationshipKeyTests
{
    [Theory]
    [InlineData("RU", true)]
    [InlineData("AF", true)]
    [InlineData("taliban", true)]
    [InlineData("isis-k", true)]
    [InlineData("un", true)]
    [InlineData("Ru", false)]
    [InlineData("RUS", false)]
    [InlineData("isis_k", false)]
    [InlineData("-isis", false)]
    [InlineData("isis-", false)]
    [InlineData("isis--k", false)]
    [InlineData("", false)]
    [InlineData("Taliban", false)]
    [InlineData("RU\n", false)]        // a regex's $ matches before a final line break: a look-alike of RU
    [InlineData("taliban\n", false)]
    [InlineData("RU\r\n", false)]
    [InlineData("\nRU", false)]
    public void Party_ids_are_iso_codes_or_lower_case_slugs(string id, bool valid)
    {
        Assert.Equal(valid, PartyId.IsValid(id));
        Assert.Equal(valid, PartyId.Explain(id) is null);
    }

    [Fact]
    public void A_too_long_id_is_explained()
    {
        var id = new string('a', PartyId.MaxLength + 1);
        Assert.Contains("longer than 64", PartyId.Explain(id), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_orders_name_the_same_relationship_and_stream()
    {
        Assert.Equal(RelationshipKey.Of("RU", "AF"), RelationshipKey.Of("AF", "RU"));
        Assert.Equal("relationship-AF~RU", RelationshipKey.Of("RU", "AF").StreamName);
        // Ordinal order: upper-case ISO codes sort before lower-case slugs.
        Assert.Equal("relationship-RU~taliban", RelationshipKey.Of("taliban", "RU").StreamName);
    }

    [Fact]
    public void A_key_is_the_same_key_before_and_after_its_stream_name_is_asked()
    {
        // The name is kept once made: a key that was asked for it is still equal to, and hashes as, one that was not.
        var asked = RelationshipKey.Of("RU", "AF");
        Assert.Same(asked.StreamName, asked.StreamName);
        var fresh = RelationshipKey.Of("AF", "RU");
        Assert.Equal(fresh, asked);
        Assert.Equal(fresh.GetHashCode(), asked.GetHashCode());
        Assert.Contains(fresh, new HashSet<RelationshipKey> { asked });
        Assert.NotEqual(RelationshipKey.Of("RU", "US"), asked);
    }

    [Fact]
    public void A_party_cannot_be_in_a_relationship_with_itself() =>
        Assert.Throws<ArgumentException>(() => RelationshipKey.Of("RU", "RU"));

    [Theory]
    [InlineData("relationship-AF~RU", true)]
    [InlineData("relationship-RU~AF", false)]
    [InlineData("relationship-RU~RU", false)]
    [InlineData("relationship-RU", false)]
    [InlineData("relationship-RU~bad id", false)]
    [InlineData("other-AF~RU", false)]
    public void Only_canonical_stream_names_parse(string stream, bool parses)
    {
        Assert.Equal(parses, RelationshipKey.TryParseStream(stream, out var key));
        if (parses) Assert.Equal(stream, key!.StreamName);
    }
}
