namespace RelationsLedger.Testing;

/// <summary>
/// Reads a client's side of a plain HTTP/2 connection as it passes, in pieces of any size: the connection preface, then
/// frames (a 9-byte header: length 3, type 1, flags 1, stream id 4). Counts the HEADERS frames that open a stream (a new,
/// odd stream id): one per request, so one per gRPC call. Anything that is not HTTP/2 counts nothing.
/// </summary>
internal sealed class Http2Frames
{
    private const int PrefaceLength = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
    private const byte HeadersType = 0x1;

    private int _prefaceLeft = PrefaceLength;
    private readonly byte[] _header = new byte[9];
    private int _headerHave;
    private long _payloadLeft;
    private uint _lastStream;

    public int NewStreams(ReadOnlySpan<byte> bytes)
    {
        var opened = 0;
        while (bytes.Length > 0)
        {
            if (_prefaceLeft > 0)
            {
                var skip = Math.Min(_prefaceLeft, bytes.Length);
                _prefaceLeft -= skip;
                bytes = bytes[skip..];
            }
            else if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, bytes.Length);
                _payloadLeft -= skip;
                bytes = bytes[skip..];
            }
            else
            {
                var take = Math.Min(9 - _headerHave, bytes.Length);
                bytes[..take].CopyTo(_header.AsSpan(_headerHave));
                _headerHave += take;
                bytes = bytes[take..];
                if (_headerHave < 9) break;
                _headerHave = 0;
                _payloadLeft = (_header[0] << 16) | (_header[1] << 8) | _header[2];
                var stream = (uint)((_header[5] & 0x7F) << 24 | _header[6] << 16 | _header[7] << 8 | _header[8]);
                if (_header[3] == HeadersType && stream > _lastStream)
                {
                    _lastStream = stream;
                    opened++;
                }
            }
        }
        return opened;
    }
}
