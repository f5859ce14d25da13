using System.Text.Json;
using FluentValidation.Results;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Audit.Rules;

/// <summary>
/// A recorded event is checked as the command that records it: rebuilt into that command (its
/// fields, the envelope's date, recorder and sources) and run through the command's own
/// validators, so an import can never record what <c>ledger record</c> would refuse, and <c>verify</c>
/// names a stored event that no command would have written.
/// </summary>
public sealed class EventCommands(CommandValidators validators)
{
    private static readonly HashSet<string> EnvelopeFields = ["commandId", "effectiveDate", "recordedBy", "recordedThrough", "sources", "correlationId", "causationId"];

    /// <summary>
    /// The sources that passed the sources' rules in this run's events so far (one import, verify or digest): a file's events
    /// cite the same few sources again and again, and each is run through those rules once (<see cref="VouchedSources"/>).
    /// </summary>
    private readonly VouchedSources _vouched = new();

    /// <summary>Every failure of the command's validators, by the field of the export line it concerns.</summary>
    /// <remarks>Synchronous: the commands' validators have no asynchronous rules, and an import runs them a million times.</remarks>
    public IReadOnlyList<(string Field, string Message)> Validate(IRelationshipEvent e, RelationshipKey key, Guid eventId, Envelope envelope)
    {
        var failures = new List<(string, string)>();
        Validate(e, key, eventId, envelope, "data", failures);
        if (e is EntryCorrected { Replacement: { } replacement })
            Validate(replacement, key, eventId, envelope, "data.replacement.data", failures);
        return failures.Count < 2 ? failures : failures.Distinct().ToList(); // most lines have none: no set and no second list for them
    }

    private void Validate(IRelationshipEvent e, RelationshipKey key, Guid eventId, Envelope envelope, string dataField, List<(string, string)> failures)
    {
        var command = ToCommand(e, key, eventId, envelope);
        foreach (var f in validators.ValidateAsRecorded(command, _vouched))
            failures.Add((FieldOf(f, dataField), f.ErrorMessage));

        // The command must record exactly this event: no field in a form the command would not write (untrimmed text, say).
        if (failures.Count == 0 && command is not CorrectEntry && command.ToEvent(new RelationshipHistory(key, [])) is var written && !Equals(written, e))
            failures.Add((dataField, $"is not in the form '{Names.Kebab(command.GetType().Name)}' records: {Encoding(written)} (surrounding blanks are trimmed)"));
    }

    private static string Encoding(IRelationshipEvent e) => System.Text.Encoding.UTF8.GetString(EventJson.SerializeData(e));

    private static string FieldOf(ValidationFailure f, string dataField)
    {
        var name = f.PropertyName ?? "";
        var root = name.Split('.', '[')[0];
        return root switch
        {
            _ when EnvelopeFields.Contains(root) => $"metadata.{name}",
            "correctedEffectiveDate" => $"{dataField}.effectiveDate",
            "changes" => $"{dataField}.replacement",
            "" => dataField,
            _ => $"{dataField}.{name}",
        };
    }

    /// <summary>The command that would have recorded <paramref name="e"/>, with the envelope's provenance.</summary>
    public static RecordCommand ToCommand(IRelationshipEvent e, RelationshipKey key, Guid eventId, Envelope envelope) =>
        CommandCatalogue.FromEvent(e, key) with
        {
            CommandId = eventId,
            EffectiveDate = envelope.EffectiveDate.ToString(),
            RecordedBy = envelope.RecordedBy,
            RecordedThrough = envelope.RecordedThrough,
            Sources = SourceInputs(envelope.Sources),
            CorrelationId = envelope.CorrelationId,
            CausationId = envelope.CausationId,
        };

    /// <summary>The envelope's sources as a command gives them; a list of their number, filled by index (no iterator, no regrowth).</summary>
    private static List<SourceInput> SourceInputs(IReadOnlyList<Domain.Provenance.Source> sources)
    {
        var inputs = new List<SourceInput>(sources.Count);
        var given = t_inputs ??= [];
        if (given.Count >= MaxInputs) given.Clear();
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            if (!given.TryGetValue(s, out var input))
                given[s] = input = new SourceInput(s.Publisher, s.Title, s.Url, s.Reference, s.PublishedOn?.ToString());
            inputs.Add(input);
        }
        return inputs;
    }

    /// <summary>
    /// The command's form of the sources this thread rebuilt commands of, by their value: a file cites the same few sources on
    /// many lines (an import reads each once, <see cref="Serialization.EnvelopeJson"/>), and a source's input and its date's text were
    /// made again for each (~0.14 KB a line; docs/performance.md, round 68). Both are immutable records: equal sources give equal inputs.
    /// Emptied past <see cref="MaxInputs"/>.
    /// </summary>
    [ThreadStatic] private static Dictionary<Domain.Provenance.Source, SourceInput>? t_inputs;

    private const int MaxInputs = 4096;
}
