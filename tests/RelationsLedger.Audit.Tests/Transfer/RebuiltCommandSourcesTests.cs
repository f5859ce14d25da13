using System.Text;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// A command rebuilt from an event (<see cref="EventCommands.ToCommand"/>, which an import runs on every line) gives its sources as
/// the thread gave them before for equal sources (round 68): whatever sources came before, a command's are its envelope's own.
/// </summary>
public sealed class RebuiltCommandSourcesTests(FoundingExport.Whole export) : IClassFixture<FoundingExport.Whole>
{
    [Fact]
    public void A_command_s_sources_are_its_envelope_s_whatever_command_was_rebuilt_before_it()
    {
        var line = export.Lines.Select(l => ImportLine.Parse(1, Encoding.UTF8.GetBytes(l), [])).First(l => l is not null)!;
        var one = new Source("Reuters", "A report", "https://example.org/a", "REF-1", PartialDate.OfYear(1990));
        Source[] others =
        [
            one with { PublishedOn = PartialDate.OfMonth(1990, 1) }, one with { PublishedOn = null }, one with { Title = "A report " },
            one with { Title = "A reporT" }, one with { Url = null }, one with { Reference = null }, one with { Reference = "REF-2" },
            one with { Publisher = "reuters" }, new(one.Publisher, one.Title, one.Url, one.Reference, one.PublishedOn),
        ];
        // Past what a thread keeps (4,096 sources), and then the first ones again.
        var many = Enumerable.Range(0, 5000).Select(i => one with { Title = $"A report {i}" }).ToList();
        var lists = others.Select(o => new[] { one, o, one }).Concat(others.Select(o => new[] { o })).Concat(many.Select(s => new[] { s }))
            .Concat(many.Take(10).Select(s => new[] { s, one }));
        foreach (var sources in lists)
        {
            var command = EventCommands.ToCommand(line.Event, line.Key, line.EventId, line.Envelope with { Sources = sources });
            Assert.Equal(sources.Select(s => new SourceInput(s.Publisher, s.Title, s.Url, s.Reference, s.PublishedOn?.ToString())), command.Sources);
        }
    }
}
