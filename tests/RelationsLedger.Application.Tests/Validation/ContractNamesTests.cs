using System.Text.Json;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// The field names in validation errors are remembered (FluentValidation asks for one every time a rule runs): what is
/// remembered must be what converting the name gives, for every name, the first time and every time after.
/// </summary>
public sealed class ContractNamesTests
{
    [Fact]
    public void Every_commands_field_is_named_as_converting_its_name_gives_on_every_call()
    {
        var names = CommandCatalogue.All.Select(c => c.CommandType).Append(typeof(SourceInput))
            .SelectMany(t => t.GetProperties()).Select(p => p.Name).Distinct().ToList();
        Assert.Contains("RecordedBy", names);
        for (var round = 0; round < 2; round++)
            foreach (var name in names)
                Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), ContractNames.Of(name));
    }

    [Fact]
    public void Names_that_differ_only_in_case_are_remembered_apart()
    {
        // Converting lower-cases a leading run of capitals: "AbC" and "ABC" are two names with two spellings.
        Assert.Equal("abC", ContractNames.Of("AbC"));
        Assert.Equal("abc", ContractNames.Of("ABC"));
        Assert.Equal("abC", ContractNames.Of("AbC"));
    }
}
