using System.Reflection;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Domain.Tests;

/// <summary>The contract's spelling of enumeration values (kebab-case), for every enumeration of the domain.</summary>
public sealed class NamesTests
{
    public static TheoryData<Type> Enumerations => new(typeof(Names).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic));

    [Theory]
    [MemberData(nameof(Enumerations))]
    public void Every_value_is_spelled_in_kebab_case_and_read_back_in_any_case_and_surrounding_blanks(Type enumeration) =>
        typeof(NamesTests).GetMethod(nameof(SpelledAndReadBack), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(enumeration).Invoke(null, null);

    private static void SpelledAndReadBack<T>() where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        Assert.Equal(values.Select(v => Names.Kebab(v.ToString())), Names.All<T>());
        foreach (var value in values)
        {
            var word = Names.Of(value);
            Assert.Equal(Names.Kebab(value.ToString()), word);
            Assert.True(Names.TryParse<T>(word, out var read));
            Assert.Equal(value, read);
            Assert.True(Names.TryParse<T>($"  {word.ToUpperInvariant()} ", out read));
            Assert.Equal(value, read);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ambassador nonresident")]
    [InlineData("AmbassadorNonresident")]
    [InlineData("3")]
    public void What_is_not_a_spelled_value_is_not_read(string? text) => Assert.False(Names.TryParse<MissionLevel>(text, out _));

    [Fact]
    public void A_value_no_name_declares_is_spelled_as_it_prints_and_the_list_cannot_be_changed_by_a_caller()
    {
        Assert.Equal("99", Names.Of((MissionLevel)99));
        Assert.Equal("ambassador-nonresident", Names.Of(MissionLevel.AmbassadorNonresident));
        Assert.Throws<NotSupportedException>(() => ((IList<string>)Names.All<MissionLevel>())[0] = "changed");
    }
}
