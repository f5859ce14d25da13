using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// <c>Api:ReadModelCacheMegabytes</c>: the memory the live read model's relationships may take between batches (until round 46 a
/// number of facts, 400,000, which bounded nothing: the facts' size is the client's). Read at start; refused when it is not a
/// whole number of 0 or more (HistoryCacheSettingTests, for both settings).
/// </summary>
public sealed class ReadModelCacheSettingTests
{
    [Theory]
    [InlineData(null, ProjectionOptions.DefaultCachedBytes)]
    [InlineData("1", 1L << 20)]
    [InlineData("0", 0L)]
    public async Task The_server_bounds_its_read_models_memory_by_the_megabytes_given(string? megabytes, long bytes)
    {
        var configuration = megabytes is null ? null : new Dictionary<string, string?> { ["Api:ReadModelCacheMegabytes"] = megabytes };
        await using var server = await ApiServer.StartAsync(configuration);
        Assert.Equal(bytes, server.Services.GetRequiredService<ProjectionOptions>().CachedBytes);

        using (var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "held or not")))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        using (var state = await server.Reader.GetAsync("/relationships/RU/AF/state?asOf=2030-01-01"))
            Assert.Equal(HttpStatusCode.OK, state.StatusCode); // the read model has the statement's batch behind it
        Assert.Equal(bytes > 0, server.Services.GetRequiredService<RelationshipsProjection>().CachedBytes > 0);
    }
}
