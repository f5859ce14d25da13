namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// The parties of the generated ledger: real ISO 3166-1 alpha-2 codes of states and the slugs of
/// governments, movements and organisations, about 200 in all, as the issue's users describe.
/// </summary>
public static class Parties
{
    public static IReadOnlyList<string> States { get; } =
    [
        "AD", "AE", "AF", "AG", "AL", "AM", "AO", "AR", "AT", "AU", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ",
        "BN", "BO", "BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CD", "CF", "CG", "CH", "CI", "CL", "CM", "CN", "CO", "CR", "CU",
        "CV", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "ER", "ES", "ET", "FI", "FJ", "FM", "FR", "GA",
        "GB", "GD", "GE", "GH", "GM", "GN", "GQ", "GR", "GT", "GW", "GY", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IN", "IQ",
        "IR", "IS", "IT", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KZ", "LA", "LB", "LC", "LI",
        "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MG", "MH", "MK", "ML", "MM", "MN", "MR", "MT", "MU",
        "MV", "MW", "MX", "MY", "MZ", "NA", "NE", "NG", "NI", "NL", "NO", "NP", "NR", "NZ", "OM", "PA", "PE", "PG", "PH", "PK",
        "PL", "PS", "PT", "PW", "PY", "QA", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SI", "SK", "SL", "SM",
        "SN", "SO", "SR", "SS", "ST", "SV", "SY", "SZ", "TD", "TG", "TH", "TJ", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
        "TZ", "UA", "UG", "US", "UY", "UZ",
    ];

    public static IReadOnlyList<string> Organisations { get; } =
    [
        "taliban", "isis-k", "hamas", "hezbollah", "houthis", "al-shabaab", "un", "eu", "nato", "asean", "african-union",
        "opec", "wto", "iaea", "icrc", "sco", "brics", "gcc", "arab-league", "oas",
    ];

    public static IReadOnlyList<string> All { get; } = [.. States, .. Organisations];

    /// <summary>The relationships that get the longest records: the ones analysts ask about most.</summary>
    public static IReadOnlyList<(string A, string B)> Busiest { get; } =
        [("RU", "US"), ("CN", "US"), ("AF", "RU"), ("RU", "UA"), ("IL", "PS"), ("GB", "US"), ("IR", "US"), ("KP", "KR")];
}
