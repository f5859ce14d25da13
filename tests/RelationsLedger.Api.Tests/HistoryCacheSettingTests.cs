using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// <c>Api:HistoryCacheMegabytes</c>: the memory the server's decoded histories may take (it was a number of events, 250,000,
/// which bounded nothing: the events' size is the client's). Read at start, refused when it is not a whole number of 0 or more
/// — and so is <c>Api:ReadModelCacheMegabytes</c> (ReadModelCacheSettingTests).
/// </summary>
public sealed class HistoryCacheSettingTests
{
    [Theory]
    [InlineData(null, HistoryCacheOptions.DefaultMaxBytes)]
    [InlineData("1", 1L << 20)]
    [InlineData("0", 0L)]
    public async Task The_server_bounds_its_history_cache_by_the_megabytes_given(string? megabytes, long bytes)
    {
        var configuration = megabytes is null ? null : new Dictionary<string, string?> { ["Api:HistoryCacheMegabytes"] = megabytes };
        await using var server = await ApiServer.StartAsync(configuration);
        Assert.Equal(bytes, server.Services.GetRequiredService<HistoryCacheOptions>().MaxBytes);

        using (var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "held or not")))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var cache = server.Services.GetRequiredService<HistoryCache>();
        Assert.Equal(bytes > 0 ? 1 : 0, cache.Get(RelationshipKey.Of("RU", "AF")).Count);
        Assert.Equal(bytes > 0, cache.Bytes > 0);
    }

    [Theory]
    [InlineData("HistoryCacheMegabytes", "-1", "Api:HistoryCacheMegabytes must be 0 (no cache) or more (it is -1).")]
    [InlineData("HistoryCacheMegabytes", "lots", "Api:HistoryCacheMegabytes: 'lots' is not a whole number.")]
    [InlineData("HistoryCacheMegabytes", "0.5", "Api:HistoryCacheMegabytes: '0.5' is not a whole number.")]
    [InlineData("HistoryCacheMegabytes", "4294967296", "Api:HistoryCacheMegabytes: '4294967296' is not a whole number.")]
    [InlineData("ReadModelCacheMegabytes", "-1", "Api:ReadModelCacheMegabytes must be 0 (no cache) or more (it is -1).")]
    [InlineData("ReadModelCacheMegabytes", "lots", "Api:ReadModelCacheMegabytes: 'lots' is not a whole number.")]
    [InlineData("ReadModelCacheMegabytes", "0.5", "Api:ReadModelCacheMegabytes: '0.5' is not a whole number.")]
    [InlineData("ReadModelCacheMegabytes", "4294967296", "Api:ReadModelCacheMegabytes: '4294967296' is not a whole number.")]
    public async Task A_cache_size_that_is_not_a_whole_number_of_megabytes_stops_the_server_from_starting(string setting, string value, string message)
    {
        var refused = await Assert.ThrowsAsync<ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { [$"Api:{setting}"] = value }));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
