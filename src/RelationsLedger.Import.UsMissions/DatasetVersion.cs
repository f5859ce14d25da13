using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Import.UsMissions;

/// <summary>
/// Which transitions.csv the rows came from, as the events' sources name it. The rows of version 0.1 (commit 6b3b3acf)
/// are recognised by their digest and named by that commit, as every import has named them. Rows that differ — an edited
/// copy, a later version — are not that commit's, and an event must not say they are: their source names the file by
/// the digest of its rows instead, and their command ids derive from that digest, so the same file imported again
/// still records nothing twice.
/// </summary>
public sealed record DatasetVersion(string Name, SourceInput Source, string IdPrefix)
{
    /// <summary>The digest of version 0.1's rows (<see cref="DigestOf"/>): its 590 rows as read, whatever its line ends or byte-order mark.</summary>
    public const string Version01Rows = "9fbf98ac194994a3f2414242ab6496cbc1bb45ed619ab574e4aea1e4bcb3fbfa";

    private const string Url = "https://github.com/brentonk/us_diplomatic_missions";

    public static readonly DatasetVersion Version01 = new(
        "version 0.1 (commit 6b3b3acf)",
        new SourceInput("Brenton Kenkel", "US Diplomatic Mission Status Data, version 0.1 (transitions.csv), CC-BY 4.0", Url, "commit 6b3b3acf"),
        "us-missions/v0.1");

    public static DatasetVersion Of(IReadOnlyList<MissionTransition> rows)
    {
        var digest = DigestOf(rows);
        if (digest == Version01Rows) return Version01;
        var shortDigest = digest[..16];
        return new(
            $"a transitions.csv that is not version 0.1 (its rows' SHA-256 begins {shortDigest})",
            new SourceInput("Brenton Kenkel", "US Diplomatic Mission Status Data (a transitions.csv that is not version 0.1), CC-BY 4.0", Url,
                $"rows sha256:{shortDigest}"),
            $"us-missions/rows-{shortDigest}");
    }

    /// <summary>
    /// SHA-256 (hex) of what the events take from the rows, in file order: each row's line, name, level, effective date
    /// and note. Line ends, a byte-order mark, quoting and the columns no event records do not change it.
    /// </summary>
    public static string DigestOf(IReadOnlyList<MissionTransition> rows)
    {
        var text = new StringBuilder();
        foreach (var r in rows)
            text.Append(CultureInfo.InvariantCulture, $"{r.Line}\u001F{r.StateDeptName}\u001F{r.Level}\u001F{r.EffectiveDate}\u001F{r.Notes}\u001E");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
