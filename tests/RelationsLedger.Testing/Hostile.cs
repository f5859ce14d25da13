using System.Globalization;
using CsCheck;

namespace RelationsLedger.Testing;

/// <summary>
/// Generated hostile input for the fuzz tests: text a careless or malicious client sends — empty, blank, too
/// long, control and escape sequences, lone surrogates, direction overrides, JSON and SQL fragments — mixed
/// with values that are valid, so that generated commands also get past validation and reach decisions.
/// The number of cases is bounded for CI; <c>RELATIONSLEDGER_FUZZ_ITERATIONS</c> asks for a longer run.
/// </summary>
public static class Hostile
{
    public static int Iterations(int ci) =>
        int.TryParse(Environment.GetEnvironmentVariable("RELATIONSLEDGER_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ci;

    private static readonly string[] Nasty =
    [
        "", " ", "\t", "\u001b[31mred", "\u001b]0;title\u0007", "nul\u0000byte", "del\u007f", "c1\u009b", "bidi\u202eevil", "\ud800", "\udfff lone",
        "\"}]{", "'; DROP TABLE events; --", "../../etc/passwd", "%00", "<script>alert(1)</script>", "null", "true", "-1", "1e309",
        "RU", "taliban", "US", "AF", "isis-k", "Russia", "ru", "--", "a--b", "9999-99-99", "2025-02-30", "2003", "2025-05", "2025-04-17", "20250417",
        "embassy", "ally", "de-jure", "hostile", "interests-section", "Federal list", "Supreme Court", "😀 emoji", "Ωμέγα", "日本",
    ];

    /// <summary>A piece of text: a nasty one, a valid-looking one, or a long one.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (6, Gen.Int[0, Nasty.Length - 1].Select(i => Nasty[i])),
        (2, Gen.Select(Gen.Int[0, Nasty.Length - 1], Gen.Int[0, Nasty.Length - 1], (i, j) => Nasty[i] + Nasty[j])),
        (1, Gen.Int[190, 2100].Select(n => new string('x', n))),
        (1, Gen.Char.Array[0, 12].Select(cs => new string(cs))));

    /// <summary>Text or nothing.</summary>
    public static Gen<string?> Optional { get; } = Gen.Frequency((4, Text.Select(t => (string?)t)), (1, Gen.Const((string?)null)));

    /// <summary>A JSON value of any kind, mostly strings.</summary>
    public static Gen<object?> JsonValue { get; } = Gen.Frequency(
        (8, Text.Select(t => (object?)t)),
        (1, Gen.Int.Select(i => (object?)i)),
        (1, Gen.Bool.Select(b => (object?)b)),
        (1, Gen.Const((object?)null)),
        (1, Gen.Const((object?)new object[] { "x", 1 })),
        (1, Gen.Const((object?)new Dictionary<string, object?> { ["publisher"] = "P", ["title"] = 1 })));
}
