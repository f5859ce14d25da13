using System.Text;
using RelationsLedger.Store.KurrentDb.Mapping;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>What a stream's metadata hides of it, as the audit names it; metadata that hides nothing is not named.</summary>
public sealed class StreamMetadataTests
{
    [Theory]
    [InlineData("""{"$tb":3}""", "revisions 0–2 are hidden by its metadata (truncate before 3)")]
    [InlineData("""{"$tb":1}""", "revision 0 is hidden by its metadata (truncate before 1)")]
    [InlineData("""{"$tb":9223372036854775807}""", "the stream was deleted on the server (a soft delete: every revision is hidden)")]
    [InlineData("""{"$maxCount":5}""", "its metadata lets only its last 5 event(s) be read (max count)")]
    [InlineData("""{"$maxAge":86400,"$acl":{"$r":"$all"}}""", "its metadata hides events older than 86400 s (max age)")]
    [InlineData("""{"$tb":4,"$maxCount":2}""", "revisions 0–3 are hidden by its metadata (truncate before 4); its metadata lets only its last 2 event(s) be read (max count)")]
    public void Metadata_that_hides_events_says_which_and_how(string json, string how) =>
        Assert.Equal(how, StreamMetadata.Hides(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"$tb":0}""")]
    [InlineData("""{"$acl":{"$w":"ops"},"owner":"registry"}""")]
    [InlineData("""{"$tb":"3"}""")]   // not a number: the server ignores it
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("")]
    public void Metadata_that_hides_nothing_is_not_named(string json) =>
        Assert.Null(StreamMetadata.Hides(Encoding.UTF8.GetBytes(json)));

    /// <summary>A count or an age goes on hiding what is recorded after it, so where it was recorded does not bound what it hides (a feed checkpoint after it).</summary>
    [Theory]
    [InlineData("""{"$maxCount":5}""", true)]
    [InlineData("""{"$maxAge":86400}""", true)]
    [InlineData("""{"$tb":4,"$maxCount":2}""", true)]
    [InlineData("""{"$tb":3}""", false)]
    [InlineData("""{"$tb":9223372036854775807}""", false)]
    [InlineData("""{"$maxCount":"5"}""", false)]
    [InlineData("not json", false)]
    public void Only_a_count_or_an_age_hides_events_recorded_after_it(string json, bool later) =>
        Assert.Equal(later, StreamMetadata.Read(Encoding.UTF8.GetBytes(json)).HidesLaterEvents);
}
