namespace Telemetry.Sources.Tables;

/// <summary>A followed table whose held rows can be written out at a stop and read back at the next start (<see cref="KeptWindows"/>).</summary>
internal interface IKeptTable
{
    /// <summary>Whether what is held is complete now (no rows owed to the next read), so that it can be kept.</summary>
    bool CanKeep { get; }

    /// <summary>Writes what is held.</summary>
    void Write(BinaryWriter writer);

    /// <summary>Replaces what is held with what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">What was read is not what <see cref="Write"/> writes.</exception>
    void Read(BinaryReader reader);
}
