using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Cli.Tests;

/// <summary>Progress on a terminal: drawn for long work only — a question whose read model was current printed "100 %, 0 events" every time.</summary>
public sealed class TerminalProgressTests
{
    private static ProjectionProgress At(ulong position, ulong head, long events, double seconds) =>
        new("relationships", GlobalPosition.Of(position), GlobalPosition.Of(head), events, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Short_work_that_is_done_draws_nothing()
    {
        var error = new StringWriter();
        new TerminalProgress(error, "Building the read model").Report(At(17, 17, 0, 0.002));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Long_work_draws_its_progress_and_ends_its_line_when_done()
    {
        var error = new StringWriter();
        var progress = new TerminalProgress(error, "Building the read model");
        progress.Report(At(500, 1_000, 500, 1.5));
        progress.Report(At(1_000, 1_000, 1_000, 2.5));
        Assert.Equal("\rBuilding the read model: 50 %, 500 events, 333 events/s   \rBuilding the read model: 100 %, 1,000 events, 400 events/s   " + Environment.NewLine, error.ToString());
    }
}
