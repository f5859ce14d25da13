using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Agreements;
using RelationsLedger.Application.Commands.Ambassadors;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Projects;
using RelationsLedger.Application.Commands.Recognition;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;
using RelationsLedger.Application.Commands.Sanctions;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// An imported event is checked as the command that records it: rebuilt into that command (its
/// fields, the envelope's date, recorder and sources) and run through the command's own
/// validators, so an import can never record what <c>ledger record</c> would refuse.
/// </summary>
public sealed class EventCommands(IServiceProvider services)
{
    /// <summary>Which command records each event type (a test keeps it complete).</summary>
    public static IReadOnlyDictionary<Type, Type> CommandOf { get; } = new Dictionary<Type, Type>
    {
        [typeof(RelationsEstablished)] = typeof(EstablishRelations),
        [typeof(RelationsSevered)] = typeof(SeverRelations),
        [typeof(RelationsRestored)] = typeof(RestoreRelations),
        [typeof(RecognitionGranted)] = typeof(GrantRecognition),
        [typeof(RecognitionWithdrawn)] = typeof(WithdrawRecognition),
        [typeof(DesignationImposed)] = typeof(ImposeDesignation),
        [typeof(DesignationRemoved)] = typeof(RemoveDesignation),
        [typeof(AmbassadorNominated)] = typeof(NominateAmbassador),
        [typeof(AmbassadorAccredited)] = typeof(AccreditAmbassador),
        [typeof(AmbassadorRecalled)] = typeof(RecallAmbassador),
        [typeof(AmbassadorExpelled)] = typeof(ExpelAmbassador),
        [typeof(MissionOpened)] = typeof(OpenMission),
        [typeof(MissionLevelChanged)] = typeof(ChangeMissionLevel),
        [typeof(MissionClosed)] = typeof(CloseMission),
        [typeof(SanctionsImposed)] = typeof(ImposeSanctions),
        [typeof(SanctionsLifted)] = typeof(LiftSanctions),
        [typeof(AgreementSigned)] = typeof(SignAgreement),
        [typeof(AgreementTerminated)] = typeof(TerminateAgreement),
        [typeof(CooperationPledged)] = typeof(PledgeCooperation),
        [typeof(EngagementHeld)] = typeof(HoldEngagement),
        [typeof(StatementMade)] = typeof(MakeStatement),
        [typeof(ProjectProposed)] = typeof(ProposeProject),
        [typeof(ProjectLaunched)] = typeof(LaunchProject),
        [typeof(ProjectCancelled)] = typeof(CancelProject),
        [typeof(EntryCorrected)] = typeof(CorrectEntry),
        [typeof(EntryRetracted)] = typeof(RetractEntry),
    };

    private static readonly HashSet<string> EnvelopeFields = ["commandId", "effectiveDate", "recordedBy", "sources", "correlationId", "causationId"];

    /// <summary>Every failure of the command's validators, by the field of the export line it concerns.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> ValidateAsync(ImportLine line, CancellationToken ct)
    {
        var failures = new List<(string, string)>();
        await Validate(line.Event, line, "data", failures, ct);
        if (line.Event is EntryCorrected { Replacement: { } replacement })
            await Validate(replacement, line, "data.replacement.data", failures, ct);
        return failures.Distinct().ToList();
    }

    private async Task Validate(IRelationshipEvent e, ImportLine line, string dataField, List<(string, string)> failures, CancellationToken ct)
    {
        var command = ToCommand(e, line);
        var shape = ShapeOf(command.GetType());
        var context = shape.Context(command);
        foreach (var validator in shape.Validators)
            foreach (var f in (await validator.ValidateAsync(context, ct)).Errors)
                failures.Add((FieldOf(f, dataField), f.ErrorMessage));

        // The command must record exactly this event: no field in a form the command would not write (untrimmed text, say).
        if (failures.Count == 0 && command is not CorrectEntry && command.ToEvent(new RelationshipHistory(line.Key, [])) is var recorded && !Equals(recorded, e))
            failures.Add((dataField, $"is not in the form '{Names.Kebab(shape.Type.Name)}' records: {Encoding(recorded)} (surrounding blanks are trimmed)"));
    }

    /// <summary>A command type's validators and how to wrap a command for them, looked up once per type, not per line.</summary>
    private sealed record CommandValidation(Type Type, IReadOnlyList<IValidator> Validators, Func<object, IValidationContext> Context);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, CommandValidation> _shapes = new();

    private CommandValidation ShapeOf(Type commandType) => _shapes.GetOrAdd(commandType, t => new(
        t,
        services.GetServices(typeof(IValidator<>).MakeGenericType(t)).Cast<IValidator>().ToList(),
        typeof(EventCommands).GetMethod(nameof(ContextFor), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(t).CreateDelegate<Func<object, IValidationContext>>()));

    private static IValidationContext ContextFor<T>(object command) => new ValidationContext<T>((T)command);

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
    public static RecordCommand ToCommand(IRelationshipEvent e, ImportLine line)
    {
        var commandType = CommandOf[e.GetType()];
        RecordCommand command = e switch
        {
            EntryRetracted r => new RetractEntry(line.Key.First.Value, line.Key.Second.Value, r.Target.ToString("D"), r.Reason),
            EntryCorrected c => new CorrectEntry(line.Key.First.Value, line.Key.Second.Value, c.Target.ToString("D"), c.Reason,
                c.EffectiveDate?.ToString(), c.Replacement is null ? null : Fields(c.Replacement)),
            _ => Construction.Of(e.GetType(), commandType).Build(e),
        };
        var envelope = line.Envelope;
        return command with
        {
            CommandId = line.EventId,
            EffectiveDate = envelope.EffectiveDate.ToString(),
            RecordedBy = envelope.RecordedBy,
            Sources = envelope.Sources.Select(s => new SourceInput(s.Publisher, s.Title, s.Url, s.Reference, s.PublishedOn?.ToString())).ToList(),
            CorrelationId = envelope.CorrelationId,
            CausationId = envelope.CausationId,
        };
    }

    /// <summary>
    /// How a command is built from its event: the command's widest constructor, each parameter taken from
    /// the event's field of that name (enumerations in their kebab-case spelling). Found by reflection
    /// once per command type.
    /// </summary>
    private sealed class Construction
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Construction> Known = new();
        private readonly System.Reflection.ConstructorInfo _constructor;
        private readonly System.Reflection.PropertyInfo[] _fields;

        private Construction(Type eventType, Type commandType)
        {
            _constructor = commandType.GetConstructors().MaxBy(k => k.GetParameters().Length)!;
            _fields = _constructor.GetParameters().Select(p =>
                eventType.GetProperty(p.Name!, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)
                ?? throw new InvalidOperationException($"{eventType.Name} has no field '{p.Name}' for its command.")).ToArray();
        }

        /// <summary>Each command records one event type (<see cref="CommandOf"/>), so the event type keys it.</summary>
        public static Construction Of(Type eventType, Type commandType) => Known.GetOrAdd(eventType, t => new Construction(t, commandType));

        public RecordCommand Build(IRelationshipEvent e)
        {
            var values = new object?[_fields.Length];
            for (var i = 0; i < _fields.Length; i++)
                values[i] = _fields[i].GetValue(e) switch
                {
                    Enum value => Names.Kebab(value.ToString()),
                    var v => v,
                };
            return (RecordCommand)_constructor.Invoke(values);
        }
    }

    private static Dictionary<string, string?> Fields(IRelationshipEvent replacement) =>
        JsonSerializer.SerializeToElement(replacement, replacement.GetType(), EventJson.Options).EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetRawText());
}
