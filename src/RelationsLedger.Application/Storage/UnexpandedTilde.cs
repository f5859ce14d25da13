namespace RelationsLedger.Application.Storage;

/// <summary>
/// A path with a folder named <c>~</c> that does not exist: nearly always a home folder the shell did not expand
/// (<c>--store=~/x.db</c>, <c>'~/x.db'</c>, a variable holding <c>~/…</c>). .NET, like every program, takes <c>~</c> as
/// a name; without a word the user read "folder /work/~ does not exist" and looked for a mistake in /work.
/// </summary>
public static class UnexpandedTilde
{
    /// <summary>A clause to append to "… does not exist", or "" when no folder of <paramref name="path"/> is named <c>~</c>.</summary>
    public static string Hint(string path) =>
        path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).SkipLast(1).Contains("~")
            ? " (~ is not your home folder here: a shell expands it only at the start of a word that is not quoted and not after =; write $HOME instead)"
            : "";
}
