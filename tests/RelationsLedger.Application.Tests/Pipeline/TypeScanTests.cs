using System.Reflection;
using FluentValidation;
using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Tests.Pipeline;

/// <summary>
/// The catalogues and the handler registration find their types among the assemblies' public types only: loading
/// every type (closures and state machines included) cost a cold start ~10 ms. So each of those types must be public —
/// one that is not would be left out silently (an event the catalogue does not know, a command with no handler), and
/// these tests name it.
/// </summary>
public sealed class TypeScanTests
{
    private static readonly Assembly Domain = typeof(IRelationshipEvent).Assembly;
    private static readonly Assembly Application = typeof(DependencyInjection).Assembly;

    [Fact]
    public void Every_event_type_is_public_and_in_the_event_catalogue()
    {
        var declared = Domain.GetTypes().Where(t => t.GetCustomAttribute<EventTypeAttribute>() is not null).ToList();
        Assert.NotEmpty(declared);
        Assert.Empty(declared.Where(t => !t.IsVisible).Select(t => t.FullName));
        Assert.Equal(declared.OrderBy(t => t.FullName), EventCatalogue.All.Select(e => e.ClrType).OrderBy(t => t.FullName));
    }

    [Fact]
    public void Every_command_is_public_and_in_the_command_catalogue()
    {
        var declared = Application.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(RecordCommand))).ToList();
        Assert.NotEmpty(declared);
        Assert.Empty(declared.Where(t => !t.IsVisible).Select(t => t.FullName));
        Assert.Equal(declared.OrderBy(t => t.FullName), CommandCatalogue.All.Select(e => e.CommandType).OrderBy(t => t.FullName));
    }

    [Fact]
    public void Every_handler_and_validator_of_the_application_is_public_and_registered()
    {
        var declared = HandlersAndValidators();
        Assert.NotEmpty(declared);
        Assert.Empty(declared.Where(d => !d.Type.IsVisible).Select(d => d.Type.FullName));

        var registered = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddRelationsLedger()
            .Select(s => (s.ServiceType, s.ImplementationType)).ToHashSet();
        Assert.Empty(declared.Where(d => !registered.Contains((d.Contract, d.Type))).Select(d => $"{d.Type.FullName} as {d.Contract.Name}"));
    }

    /// <summary>
    /// A question's container (<see cref="LedgerRequests.Questions"/>) registers the questions' handlers and validators by name
    /// rather than finding them: each of <c>Queries/</c> must be among them — and no command's handler or validator is.
    /// </summary>
    [Fact]
    public void A_question_s_container_holds_every_handler_and_validator_of_the_questions_and_nothing_of_the_commands()
    {
        var declared = HandlersAndValidators();
        var questions = declared.Where(d => d.Type.Namespace!.StartsWith("RelationsLedger.Application.Queries.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(questions);

        var registered = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddRelationsLedger(LedgerRequests.Questions)
            .Where(s => s.ImplementationType is not null).Select(s => (s.ServiceType, Type: s.ImplementationType!)).ToList();
        Assert.Empty(questions.Where(d => !registered.Contains((d.Contract, d.Type))).Select(d => $"{d.Type.FullName} as {d.Contract.Name}"));
        Assert.Empty(registered.Where(r => r.ServiceType.IsGenericType && !r.ServiceType.IsGenericTypeDefinition && !questions.Contains((r.ServiceType, r.Type)))
            .Select(r => $"{r.Type.FullName} as {r.ServiceType.Name}"));
    }

    /// <summary>Every handler and validator the application declares, with the contract it is one of.</summary>
    private static List<(Type Contract, Type Type)> HandlersAndValidators() => Application.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true, IsGenericTypeDefinition: false })
        .SelectMany(t => t.GetInterfaces()
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) || i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .Select(i => (Contract: i, Type: t)))
        .ToList();
}
