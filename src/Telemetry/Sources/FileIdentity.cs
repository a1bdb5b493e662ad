using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Telemetry.Sources;

/// <summary>Which file a path names, and how it was last written: its device and inode, its size and modification time.</summary>
/// <remarks>
/// <para>
/// A file replaced under the same name has another inode; one copied over in place (a restored backup) keeps its
/// inode but not its modification time, nor, unless by chance, its size (the size also tells two writes apart
/// within one tick of the kernel's coarse clock, which the modification time cannot). An agent writing in WAL mode changes its main file only at a checkpoint, so
/// the modification time moves now and then, not every cycle.
/// </para>
/// <para>
/// .NET has no portable way to read an inode (and its creation time on Linux is the change time), so this asks the
/// kernel with <c>statx(2)</c>, whose <c>struct statx</c> has the same layout on every architecture
/// (linux/include/uapi/linux/stat.h): <c>stx_ino</c> at byte 32, <c>stx_size</c> at 40, <c>stx_mtime</c> at 112, <c>stx_dev_major</c> and
/// <c>stx_dev_minor</c> at 136 and 140 (little-endian, as on amd64 and arm64). Where <c>statx</c> is missing (glibc
/// before 2.28) nothing is known, and the caller reads the file every time, as it would without this.
/// </para>
/// </remarks>
internal readonly partial record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode, ulong Size, long ModifiedSeconds, uint ModifiedNanoseconds)
{
    private const int AtFdCwd = -100;
    private const uint StatxMtime = 0x40;
    private const uint StatxIno = 0x100;
    private const uint StatxSize = 0x200;
    private const int BufferSize = 256;

    /// <summary>The modification time.</summary>
    public DateTimeOffset ModifiedUtc => DateTimeOffset.UnixEpoch.AddSeconds(ModifiedSeconds).AddTicks(ModifiedNanoseconds / 100);

    /// <summary>The file's identity, or null when the file is missing or the kernel cannot say.</summary>
    public static FileIdentity? Of(string path)
    {
        Span<byte> buffer = stackalloc byte[BufferSize];
        try
        {
            const uint wanted = StatxIno | StatxSize | StatxMtime;
            if (Statx(AtFdCwd, path, 0, wanted, buffer) != 0 || (BinaryPrimitives.ReadUInt32LittleEndian(buffer) & wanted) != wanted)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        return new FileIdentity(
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
