#if HAS_PROJECTIONS
using System.Globalization;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro panel --store F.db [--from 1946] [--to 2024] [--every year] [--output panel.csv]</c>: a dyad-period panel of
/// every relationship from the read model (caught up first, timed apart), written as CSV to a file (default: a
/// temporary one, deleted after), reporting rows/s, the time, the file's size and the process's peak memory.
/// </summary>
public static class PanelScenario
{
    public static async Task RunAsync(Options o)
    {
        var path = o.Required("store");
        await using var store = await Ledgers.OpenSqliteAsync(path, o);
        await using var provider = Ledgers.WithProjections(store, path);
        var catchUp = await Measure.TimeAsync(() => provider.GetRequiredService<ProjectionRunner>().CatchUpAsync());
        Measure.Report("read model caught up", $"{catchUp.TotalSeconds:N1} s");

        var output = o.Text("output") ?? Path.Combine(Path.GetTempPath(), $"relationsledger-panel-{Guid.NewGuid():N}.csv");
        var request = new GetPanel(o.Text("from") ?? "1946", o.Text("to") ?? "2024", o.Text("every") ?? "year", Aspects: o.Text("aspects"));
        long rows = 0;
        var elapsed = await Measure.TimeAsync(async () =>
        {
            using var scope = provider.CreateScope();
            using var panel = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
            await using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await PanelFormats.WriteCsvAsync(panel, file, n => rows = n);
        });
        Measure.Rate($"panel {request.From}–{request.To} every {request.Every}", rows, elapsed, "rows");
        Measure.Report("  CSV", string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(output).Length / 1048576.0:N0} MB, {elapsed.TotalSeconds:N1} s; GC heap now {GC.GetTotalMemory(false) / 1048576} MB, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pauses {GC.GetTotalPauseDuration().TotalSeconds:N2} s, JIT {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:N2} s, allocated {GC.GetTotalAllocatedBytes() / 1048576} MB"));
        Measure.Memory("panel");
        if (o.Text("output") is null) File.Delete(output);
    }
}
#endif
