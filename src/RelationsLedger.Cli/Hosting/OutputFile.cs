using System.Runtime.Versioning;
using RelationsLedger.Application.Storage;
using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// The file a command's <c>-o FILE</c> writes (<c>ledger export</c>, <c>ledger panel</c>). Neither has a trailer — an export cut
/// at the end of a line reads as a complete export of fewer events, a panel cut at a row's end as a shorter panel — so the
/// lines go to a temporary file beside FILE, which takes its place (a rename, atomic) only once they are whole: output cut
/// short (Ctrl+C, <c>kill -9</c>, a full disk, a store that fails) leaves FILE as it was, absent or the earlier file. The
/// temporary file is made with the earlier file's permissions: a rename replaces the file, and before, an export written over
/// a private (<c>chmod 600</c>) export was left readable by everyone (0644, the umask's default).
/// A FILE whose mode gives no write permission (<c>chmod 444</c>, an archived export) is refused, as <c>&gt; FILE</c> refuses it:
/// before, the rename replaced it, which its mode does not stop, and the export said "Exported …" over a file its owner had
/// made read-only. A FILE that is not a regular file (<c>/dev/null</c>, a FIFO, a terminal) is written directly: a file must not take its
/// place. Its open and its writes may wait for ever (a FIFO nobody reads), so both end at the command's cancellation.
/// </summary>
internal sealed class OutputFile : IAsyncDisposable
{
    private readonly string _given, _target, _what;
    private readonly string? _temporary;
    private readonly bool _existed;
    private readonly FileStream _file;
    private bool _done;

    /// <summary>Where the command writes; its write errors are <see cref="OutputUnwritableException"/> (exit code 9), in this file's words.</summary>
    public Stream Stream { get; }

    private OutputFile(string given, string target, string? temporary, FileStream file, string what)
    {
        (_given, _target, _temporary, _file, _existed, _what) = (given, target, temporary, file, File.Exists(target), what);
        // Written directly, the file is unbuffered under a buffer of this class's own, which a write given up at the command's
        // cancellation leaves to the write that waits: disposing the file then only closes it (FileStream's own buffer would be
        // flushed first, and wait as the write does). The file is disposed here, once it is whole or abandoned.
        Stream = temporary is null
            ? new UnwritableGuard(new BufferedStream(file, BufferSize), Unwritable, ownsInner: false, mayWaitForever: true)
            : new UnwritableGuard(file, Unwritable, ownsInner: false);
    }

    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Refuses a FILE that is one of the ledger's own (the store, its journal, its read model), by name or by what it is (a
    /// link, another path to it): <paramref name="what"/> ("the export") would take its place. Before, <c>export -o
    /// ledger.db</c> emptied the store, and <c>panel -o ledger.db</c> wrote its CSV over it.
    /// </summary>
    public static void RefuseLedgerFile(string path, StoreLocation location, string what)
    {
        var owned = new List<(string Path, string What)>();
        void Add(string file, string whose)
        {
            foreach (var suffix in (string[])["", .. Application.Storage.SqliteFilePlace.SideFiles])
                owned.Add((Path.GetFullPath(file + suffix), suffix.Length == 0 ? whose : $"the {suffix[1..]} file of {whose}"));
        }
        if (location.File is { } store) Add(store, "the ledger's store");
        Add(location.ReadModelPath(), "the ledger's read model");
        var full = Path.GetFullPath(path);
        var identity = FileStatus.Identity(full);
        foreach (var (file, own) in owned)
            if (file == full || identity is not null && identity == FileStatus.Identity(file))
                throw new CliInputException($"--output '{path}' is {own} ({file}): {what} would take its place; name another file.", "output");
    }

    /// <param name="what">What is written, for messages: "the export" takes FILE's place only whole.</param>
    public static Task<OutputFile> CreateAsync(string path, string what, CancellationToken ct)
    {
        if (Directory.Exists(path)) throw new CliInputException($"--output '{path}' is a directory; name a file.", "output");
        var target = Application.Storage.FileStatus.LinkedFile(Path.GetFullPath(path)); // the file the link names takes the export, not the link
        return CancellableOpen.RunAsync(() => Open(path, target, what), ct);
    }

    /// <summary>
    /// The path of <c>-o</c> as a command reads it, before anything else is done with it: <c>-</c> (or none) is standard output,
    /// null; an empty one is refused, as no file has an empty name; anything else a file. Before round 62 <c>panel -o -</c> wrote
    /// to standard output and <c>export -o -</c> made a file named <c>-</c>, and <c>-o ""</c> ended as "unexpected error:
    /// ArgumentException … This is a bug".
    /// </summary>
    public static string? PathOf(string? given) => given switch
    {
        null or StandardOutput => null,
        "" => throw new CliInputException("--output '' names no file: name a file, or - (or no -o) for standard output.", "output"),
        _ => given,
    };

    private const string StandardOutput = "-";

    private static OutputFile Open(string path, string target, string what)
    {
        try
        {
            // Shared: .NET takes FileShare.None as an exclusive lock (flock), which a .NET program reading the FIFO holds shared,
            // and the export was refused, "The process cannot access the file … because it is being used by another process".
            if (File.Exists(target) && !FileStatus.IsRegularFile(target))
                return new(path, target, null, new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0, useAsync: true), what);
            if (File.Exists(target) && FileStatus.ReadOnlyReason(target) is { } readOnly)
                throw new CliInputException($"--output '{path}': {readOnly}{(target == Path.GetFullPath(path) ? "" : $" ({target})")}. It was not replaced; " +
                    "make it writable (chmod u+w) or name another file.", "output");
            var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = BufferSize, Options = FileOptions.Asynchronous };
            var file = OperatingSystem.IsWindows() || !File.Exists(target) ? new FileStream(temporary, options) : WithPermissionsOf(target, temporary, options);
            return new(path, target, temporary, file, what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"--output '{path}': {CannotMake(target, e)}", "output");
        }
    }

    /// <summary>The temporary file, never readable by more than the file it replaces, not even while it is written.</summary>
    [UnsupportedOSPlatform("windows")]
    private static FileStream WithPermissionsOf(string target, string temporary, FileStreamOptions options)
    {
        var permissions = File.GetUnixFileMode(target) & Permissions;
        options.UnixCreateMode = permissions;
        var file = new FileStream(temporary, options);
        File.SetUnixFileMode(file.SafeFileHandle, permissions); // as they were: the umask may have taken some away
        return file;
    }

    /// <summary>Read, write and execute of owner, group and others: what a replaced file's mode keeps (not set-id or sticky bits).</summary>
    private const UnixFileMode Permissions = (UnixFileMode)0x1FF;

    /// <summary>
    /// Why FILE cannot be begun, in words about FILE and its folder. Before, .NET's message named the temporary file, which the
    /// user never typed: "Could not find a part of the path '/data/.panel.csv.3f2a….partial'" for a folder that does not exist.
    /// </summary>
    private static string CannotMake(string target, Exception e)
    {
        if (File.Exists(target) && !FileStatus.IsRegularFile(target)) return e.Message; // written directly: its own path, as given
        var folder = Path.GetDirectoryName(target)!;
        return e switch
        {
            DirectoryNotFoundException => $"its folder '{folder}' does not exist{UnexpandedTilde.Hint(target)}; make it first, or name a file in a folder that does.",
            UnauthorizedAccessException => $"a file cannot be made in its folder '{folder}': permission denied.",
            // .NET's words, unless they quote the temporary file's path ("Could not find file '/proc/.x.csv.….partial'").
            IOException io => $"a file cannot be made in its folder '{folder}'" + (IoReason.Of(io) is var why && !why.Contains(".partial", StringComparison.Ordinal) ? $": {why}." : "."),
            _ => e.Message,
        };
    }

    /// <summary>The output is whole: on the disk, then in FILE's place.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await Stream.FlushAsync(ct);
        Guard(() => _file.Flush(flushToDisk: true)); // the rename must not land before the lines it names
        await _file.DisposeAsync();
        if (_temporary is not null) Guard(() => File.Move(_temporary, _target, overwrite: true));
        _done = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_done) return;
        try { await _file.DisposeAsync(); }
        catch (IOException) { } // its buffer could not be written either: the file is removed below
        if (_temporary is not null) File.Delete(_temporary);
    }

    private void Guard(Action write)
    {
        try { write(); }
        catch (IOException e) { throw Unwritable(e); }
    }

    /// <remarks>The reason without its path: that is the temporary file's, not the one the user named.</remarks>
    private OutputUnwritableException Unwritable(IOException e) =>
        new($"Cannot write --output '{_given}': {IoReason.Of(e)}. " + (_temporary is null ? "What was written there is incomplete."
            : _existed ? $"The file is as it was: {_what} takes its place only whole." : $"No file was made: {_what} is put there only whole."), e);
}
