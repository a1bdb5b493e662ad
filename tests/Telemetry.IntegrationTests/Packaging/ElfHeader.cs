using System.Buffers.Binary;
using System.Text;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>What an executable or shared library says about the machine it is for, read from its ELF header.</summary>
/// <param name="Machine">e_machine: <see cref="X86_64"/> or <see cref="AArch64"/> for this add-on's targets.</param>
/// <param name="Interpreter">The dynamic loader the kernel starts it with (PT_INTERP); null for a shared library.</param>
internal sealed record ElfHeader(bool Is64Bit, ushort Machine, string? Interpreter)
{
    public const ushort X86_64 = 0x3E;
    public const ushort AArch64 = 0xB7;

    private const uint ProgramHeaderInterpreter = 3;

    /// <summary>Reads a little-endian 64-bit ELF file; throws if <paramref name="file"/> is not one.</summary>
    public static ElfHeader Read(ReadOnlySpan<byte> file)
    {
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        if (file.Length < 64 || !file[..4].SequenceEqual(magic))
        {
            throw new InvalidDataException("not an ELF file");
        }

        var is64Bit = file[4] == 2;
        if (!is64Bit || file[5] != 1)
        {
            throw new InvalidDataException($"not a little-endian 64-bit ELF file (class {file[4]}, data {file[5]})");
        }

        var machine = BinaryPrimitives.ReadUInt16LittleEndian(file[18..]);
        var programHeaders = (int)BinaryPrimitives.ReadUInt64LittleEndian(file[32..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(file[54..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(file[56..]);
        string? interpreter = null;
        for (var i = 0; i < count; i++)
        {
            var header = file[(programHeaders + (i * entrySize))..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) == ProgramHeaderInterpreter)
            {
                var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
                var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
                interpreter = Encoding.ASCII.GetString(file.Slice(offset, size)).TrimEnd('\0');
            }
        }

        return new ElfHeader(is64Bit, machine, interpreter);
    }
}
