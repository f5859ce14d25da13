using Microsoft.Win32.SafeHandles;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// One file descriptor held back (an open <c>/dev/null</c>) so that a listener whose accept fails for want of descriptors
/// (EMFILE: the process is at its limit of open files) can still take the waiting connection off the queue and close it,
/// rather than leave it there, failing again at once, in a loop that never ends — what nginx, HAProxy and libuv do.
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    private SafeFileHandle? _held = Open();

    public bool IsHeld => _held is not null;

    /// <summary>Gives the descriptor up for the moment of one accept.</summary>
    public void Release()
    {
        _held?.Dispose();
        _held = null;
    }

    /// <summary>Takes a descriptor back if it has none; false if none is to be had (the process is at its limit still).</summary>
    public bool Retake() => (_held ??= Open()) is not null;

    public void Dispose() => Release();

    private static SafeFileHandle? Open()
    {
        try
        {
            return File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        }
        catch (IOException)
        {
            return null; // EMFILE itself; or no /dev/null (not Unix): the listener then only waits a moment before it tries again
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
