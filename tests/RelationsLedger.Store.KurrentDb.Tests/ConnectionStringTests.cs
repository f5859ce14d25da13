using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Store.KurrentDb.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void A_single_insecure_node()
    {
        var s = KurrentDbConnectionSettings.Parse("kurrentdb://localhost:2113?tls=false");
        Assert.Equal([new KurrentDbEndpoint("localhost", 2113)], s.Hosts);
        Assert.False(s.Tls);
        Assert.False(s.Discover);
        Assert.Null(s.UserName);
        Assert.Equal("kurrentdb://localhost:2113?tls=false", s.Address);
    }

    [Fact]
    public void Tls_is_on_by_default_and_the_port_defaults_to_2113_with_credentials()
    {
        var s = KurrentDbConnectionSettings.Parse("esdb://admin:changeit@127.0.0.1");
        Assert.True(s.Tls);
        Assert.True(s.TlsVerifyCert);
        Assert.Equal([new KurrentDbEndpoint("127.0.0.1", 2113)], s.Hosts);
        Assert.Equal(("admin", "changeit"), (s.UserName, s.Password));
        Assert.DoesNotContain("changeit", s.Address, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_percent_decoded()
    {
        var s = KurrentDbConnectionSettings.Parse("esdb://us%40er:p%3Ass%2F@host");
        Assert.Equal(("us@er", "p:ss/"), (s.UserName, s.Password));
    }

    /// <summary>
    /// A '%' that does not begin an escape of two hexadecimal digits is refused, naming the part and never quoting a credential.
    /// Until round 70 it was taken as written (<c>u%zz</c> the user "u%zz", where <c>u%7a</c> is "uz"): a password holding a
    /// '%' not written as %25 was one password or another by what followed it (helper-223 saw it).
    /// </summary>
    [Theory]
    [InlineData("esdb://u%zz:secret@host", "user name")]
    [InlineData("esdb://user:se%2@host", "password")]
    [InlineData("esdb://user:100%@host", "password")]
    [InlineData("esdb://host?connectionName=ledger%g1", "setting 'connectionName'")]
    [InlineData("esdb://host?tls%=false", "setting 'tls%'")]
    public void A_percent_sign_that_begins_no_escape_is_refused_naming_the_part(string cs, string part)
    {
        var e = Assert.Throws<InvalidConnectionStringException>(() => KurrentDbConnectionSettings.Parse(cs));
        Assert.Contains($"The {part} in the KurrentDB connection string holds a '%' that is not followed by two hexadecimal digits", e.Message, StringComparison.Ordinal);
        Assert.Contains("write a '%' as %25", e.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { "secret", "se%2", "100%" }) Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("esdb+discover://a:2113,b:2114,c")]
    [InlineData("kurrentdb+discover://a:2113,b:2114,c")]
    [InlineData("kurrentdb://a:2113,b:2114,c/")]
    public void Several_hosts_or_discover_use_gossip_over_the_seed_list(string cs)
    {
        var s = KurrentDbConnectionSettings.Parse(cs);
        Assert.True(s.Discover);
        Assert.Equal([new("a", 2113), new("b", 2114), new KurrentDbEndpoint("c", 2113)], s.Hosts);
    }

    [Fact]
    public void Settings_are_read_case_insensitively_in_milliseconds()
    {
        var s = KurrentDbConnectionSettings.Parse(
            "esdb://host?TLS=False&tlsverifycert=false&defaultDeadline=5000&keepAliveInterval=-1&keepAliveTimeout=2000"
            + "&connectionName=ledger-1&nodePreference=follower&maxDiscoverAttempts=3&discoveryInterval=250&gossipTimeout=1500&throwOnAppendFailure=true");
        Assert.False(s.Tls);
        Assert.False(s.TlsVerifyCert);
        Assert.Equal(TimeSpan.FromSeconds(5), s.DefaultDeadline);
        Assert.Equal(Timeout.InfiniteTimeSpan, s.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), s.KeepAliveTimeout);
        Assert.Equal("ledger-1", s.ConnectionName);
        Assert.Equal(NodePreference.Follower, s.NodePreference);
        Assert.Equal(3, s.MaxDiscoverAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.DiscoveryInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), s.GossipTimeout);
    }

    [Fact]
    public void Defaults_match_the_documented_ones()
    {
        var s = KurrentDbConnectionSettings.Parse("kurrentdb://host");
        Assert.Equal(TimeSpan.FromSeconds(10), s.DefaultDeadline);
        Assert.Equal(TimeSpan.FromSeconds(10), s.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), s.KeepAliveTimeout);
        Assert.Equal(NodePreference.Leader, s.NodePreference);
        Assert.StartsWith("relationsledger-", s.ConnectionName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_deadline_of_minus_one_means_none()
    {
        Assert.Null(KurrentDbConnectionSettings.Parse("kurrentdb://host?defaultDeadline=-1").DefaultDeadline);
    }

    [Fact]
    public void An_ipv6_literal_takes_brackets()
    {
        var s = KurrentDbConnectionSettings.Parse("esdb://[::1]:2114?tls=false");
        Assert.Equal([new KurrentDbEndpoint("::1", 2114)], s.Hosts);
        Assert.Equal("kurrentdb://[::1]:2114?tls=false", s.Address);
        Assert.Equal(new Uri("http://[::1]:2114/"), s.Hosts[0].ToUri(tls: false));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("localhost:2113", "no scheme")]
    [InlineData("http://localhost:2113", "Unknown scheme 'http'")]
    [InlineData("esdb://", "names no host")]
    [InlineData("esdb://?tls=false", "names no host")]
    [InlineData("esdb://host:99999", "port '99999'")]
    [InlineData("esdb://host:abc", "port 'abc'")]
    [InlineData("esdb://a,,b", "empty host")]
    [InlineData("esdb://ho st", "'ho st'")]
    [InlineData("esdb://::1", "IPv6")]
    [InlineData("esdb://admin@host", "user:password@")]
    [InlineData("esdb://host/streams", "path '/streams'")]
    [InlineData("esdb://host?tls=maybe", "tls=maybe")]
    [InlineData("esdb://host?tls", "'tls' in the KurrentDB connection string is not key=value")]
    [InlineData("esdb://host?tls=true&TLS=false", "'TLS' is given twice")]
    [InlineData("esdb://host?defaultDeadline=0", "defaultDeadline=0")]
    [InlineData("esdb://host?keepAliveInterval=soon", "keepAliveInterval=soon")]
    [InlineData("esdb://host?gossipTimeout=-1", "gossipTimeout=-1")]
    [InlineData("esdb://host?nodePreference=primary", "nodePreference=primary")]
    [InlineData("esdb://host?maxDiscoverAttempts=0", "maxDiscoverAttempts=0")]
    [InlineData("esdb://host?throwOnAppendFailure=false", "throwOnAppendFailure=false")]
    [InlineData("esdb://host?userCertFile=/x.pem", "userCertFile")]
    [InlineData("esdb://host?connectionName=", "'connectionName'")]
    public void A_bad_connection_string_is_refused_saying_what_is_wrong(string cs, string expected)
    {
        var error = Assert.Throws<InvalidConnectionStringException>(() => KurrentDbConnectionSettings.Parse(cs));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_setting_is_refused_with_the_known_ones_listed()
    {
        var error = Assert.Throws<InvalidConnectionStringException>(() => KurrentDbConnectionSettings.Parse("esdb://host?tlsVerifyCerts=false"));
        Assert.Contains("Unknown setting 'tlsVerifyCerts'", error.Message, StringComparison.Ordinal);
        Assert.Contains("tlsVerifyCert", error.Message.Replace("'tlsVerifyCerts'", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    // A password holding '/' or '?' that is not percent-encoded ends the host list early; before, the rest was quoted
    // as the connection string's port or path (s3cret/x@host: "The port 's3cret' of host 'admin'").
    [Theory]
    [InlineData("esdb://admin:s3cret@host:bad")]
    [InlineData("esdb://admin:s3cret/x@host:2113")]
    [InlineData("esdb://admin:s3cret?x@host:2113")]
    [InlineData("esdb://admin:a/s3cret@host:2113?tls=false")]
    public void Errors_never_repeat_the_password(string cs)
    {
        var error = Assert.Throws<InvalidConnectionStringException>(() => KurrentDbConnectionSettings.Parse(cs));
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_at_sign_in_a_setting_s_value_is_that_value()
    {
        Assert.Equal("me@host", KurrentDbConnectionSettings.Parse("esdb://admin:pw@host?connectionName=me@host").ConnectionName);
    }

    [Fact]
    public void An_unreadable_ca_file_is_named_when_the_channel_is_opened()
    {
        var settings = KurrentDbConnectionSettings.Parse("esdb://host?tlsCaFile=/nonexistent/ca.pem");
        var error = Assert.Throws<InvalidConnectionStringException>(() => ChannelFactory.Open(settings.Hosts[0], settings, () => { }));
        Assert.Contains("/nonexistent/ca.pem", error.Message, StringComparison.Ordinal);
    }
}
