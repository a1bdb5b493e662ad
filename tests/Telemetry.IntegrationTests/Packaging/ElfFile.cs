using System.Buffers.Binary;
using System.Text;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// What the dynamic loader reads from an executable or shared library before it runs any of it: the machine it is
/// for, the loader it asks for, the libraries it needs, and the symbol versions it needs from them (glibc's
/// <c>GLIBC_2.34</c> and the like) or defines itself. Read from a little-endian 64-bit ELF file, which both of the
/// add-on's targets use.
/// </summary>
/// <param name="Machine">e_machine: <see cref="X86_64"/> or <see cref="AArch64"/> for this add-on's targets.</param>
/// <param name="Interpreter">The dynamic loader the kernel starts it with (PT_INTERP); null for a shared library.</param>
/// <param name="Needed">The DT_NEEDED entries: the sonames the loader must find before the program starts.</param>
/// <param name="NeededVersions">Per soname, the symbol versions it must define (the .gnu.version_r section).</param>
/// <param name="DefinedVersions">The symbol versions this file defines (the .gnu.version_d section).</param>
/// <param name="Sections">The section names.</param>
internal sealed record ElfFile(
    ushort Machine,
    string? Interpreter,
    IReadOnlyList<string> Needed,
    IReadOnlyDictionary<string, IReadOnlyList<string>> NeededVersions,
    IReadOnlySet<string> DefinedVersions,
    IReadOnlySet<string> Sections)
{
    public const ushort X86_64 = 0x3E;
    public const ushort AArch64 = 0xB7;

    private const uint ProgramHeaderInterpreter = 3;
    private const uint SectionDynamic = 6;
    private const uint SectionVersionDefinitions = 0x6FFFFFFD;
    private const uint SectionVersionNeeds = 0x6FFFFFFE;
    private const long DynamicNeeded = 1;

    /// <summary>Reads a little-endian 64-bit ELF file; throws if <paramref name="file"/> is not one.</summary>
    public static ElfFile Read(ReadOnlySpan<byte> file)
    {
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        if (file.Length < 64 || !file[..4].SequenceEqual(magic))
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (file[4] != 2 || file[5] != 1)
        {
            throw new InvalidDataException($"not a little-endian 64-bit ELF file (class {file[4]}, data {file[5]})");
        }

        var machine = U16(file, 18);
        string? interpreter = null;
        for (var i = 0; i < U16(file, 56); i++)
        {
            var header = file[(int)(U64(file, 32) + ((ulong)i * U16(file, 54)))..];
            if (U32(header, 0) == ProgramHeaderInterpreter)
            {
                interpreter = Text(file, (int)U64(header, 8));
            }
        }

        var sections = ReadSections(file);
        var sectionNames = sections.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        List<string> needed = [];
        Dictionary<string, IReadOnlyList<string>> neededVersions = new(StringComparer.Ordinal);
        HashSet<string> definedVersions = new(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            var strings = sections[(int)section.Link].Offset;
            switch (section.Type)
            {
                case SectionDynamic:
                    for (var entry = section.Offset; entry < section.Offset + section.Size; entry += 16)
                    {
                        if ((long)U64(file, entry) == DynamicNeeded)
                        {
                            needed.Add(Text(file, strings + (int)U64(file, entry + 8)));
                        }
                    }

                    break;

                case SectionVersionNeeds:
                    // Verneed entries (vn_cnt, vn_file, vn_aux, vn_next), each with a chain of Vernaux (vna_name, vna_next).
                    for (int i = 0, need = section.Offset; i < section.Info; i++, need += (int)U32(file, need + 12))
                    {
                        List<string> versions = [];
                        for (int j = 0, aux = need + (int)U32(file, need + 8); j < U16(file, need + 2); j++, aux += (int)U32(file, aux + 12))
                        {
                            versions.Add(Text(file, strings + (int)U32(file, aux + 8)));
                        }

                        neededVersions[Text(file, strings + (int)U32(file, need + 4))] = versions;
                    }

                    break;

                case SectionVersionDefinitions:
                    // Verdef entries (vd_aux, vd_next); the first Verdaux names the version, later ones its parents.
                    for (int i = 0, definition = section.Offset; i < section.Info; i++, definition += (int)U32(file, definition + 16))
                    {
                        definedVersions.Add(Text(file, strings + (int)U32(file, definition + (int)U32(file, definition + 12))));
                    }

                    break;
            }
        }

        return new ElfFile(machine, interpreter, needed, neededVersions, definedVersions, sectionNames);
    }

    private static List<Section> ReadSections(ReadOnlySpan<byte> file)
    {
        var start = (int)U64(file, 40);
        var size = U16(file, 58);
        var count = U16(file, 60);
        List<Section> sections = [];
        for (var i = 0; i < count; i++)
        {
            var header = file[(start + (i * size))..];
            sections.Add(new Section(U32(header, 0), U32(header, 4), (int)U64(header, 24), (int)U64(header, 32), U32(header, 40), (int)U32(header, 44), ""));
        }

        if (sections.Count > 0)
        {
            var names = sections[U16(file, 62)].Offset;
            for (var i = 0; i < sections.Count; i++)
            {
                sections[i] = sections[i] with { Name = Text(file, names + (int)sections[i].NameOffset) };
            }
        }

        return sections;
    }

    private static string Text(ReadOnlySpan<byte> file, int offset)
    {
        var length = file[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(file.Slice(offset, length));
    }

    private static ushort U16(ReadOnlySpan<byte> file, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(file[offset..]);

    private static uint U32(ReadOnlySpan<byte> file, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(file[offset..]);

    private static ulong U64(ReadOnlySpan<byte> file, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(file[offset..]);

    private readonly record struct Section(uint NameOffset, uint Type, int Offset, int Size, uint Link, int Info, string Name);
}
