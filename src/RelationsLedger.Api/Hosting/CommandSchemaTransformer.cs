using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// A command's schema says what its body takes, as the server reads it (<see cref="CommandJson.FieldsOf"/>), so generated
/// clients send what the server reads. The generator lists every public property of the command, so a property the command
/// computes (<see cref="RecordCommand.EffectiveTodayByDefault"/>) is taken out: listed, a client sent it and was refused,
/// "has no field 'effectiveTodayByDefault'" (before round 70). The fields every command shares are init properties, so the
/// generator cannot tell that the validator requires them; say so in each command's schema — <c>effectiveDate</c> but for a
/// mend, which takes today when it is left out.
/// </summary>
public sealed class CommandSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly string[] AlwaysRequired = ["recordedBy", "sources"];
    private const string EffectiveDate = "effectiveDate";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.IsSubclassOf(typeof(RecordCommand)) && !type.IsAbstract)
        {
            var fields = CommandJson.FieldsOf(type);
            foreach (var computed in schema.Properties?.Keys.Where(name => !fields.ContainsKey(name)).ToList() ?? [])
                schema.Properties!.Remove(computed);
            schema.Required ??= new HashSet<string>();
            if (!EffectiveTodayByDefault(type)) schema.Required.Add(EffectiveDate);
            foreach (var field in AlwaysRequired) schema.Required.Add(field);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether the command takes today for a missing effective date. The property is the command type's constant (a mend's
    /// override answers true, whatever the instance holds), read on an instance made without running a constructor, as a
    /// command's constructor needs its fields.
    /// </summary>
    private static bool EffectiveTodayByDefault(Type command) =>
        ((RecordCommand)RuntimeHelpers.GetUninitializedObject(command)).EffectiveTodayByDefault;
}
