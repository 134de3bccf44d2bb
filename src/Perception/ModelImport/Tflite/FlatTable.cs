using Google.FlatBuffers;

namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// One flatbuffer table read by field slot (the n-th field of a table in schema.fbs, counting union
/// fields twice: their type byte and their value), over Google.FlatBuffers' bounds-checked
/// <see cref="ByteBuffer"/>. A read outside the buffer throws <see cref="ArgumentOutOfRangeException"/>
/// or <see cref="IndexOutOfRangeException"/>, which the importer turns into one
/// <see cref="InvalidDataException"/>. Import time only; not real-time safe.
/// </summary>
internal readonly struct FlatTable
{
    private readonly Table table;

    /// <summary>The table at absolute position <paramref name="position"/> of <paramref name="buffer"/>.</summary>
    public FlatTable(int position, ByteBuffer buffer)
    {
        if (position < 0 || position >= buffer.Length)
        {
            throw new InvalidDataException($"a table offset ({position}) points outside the file ({buffer.Length} bytes)");
        }

        table = new Table(position, buffer);
    }

    /// <summary>A 32-bit signed field, or <paramref name="defaultValue"/> when absent.</summary>
    public int GetInt(int slot, int defaultValue = 0)
    {
        int o = FieldOffset(slot);
        return o != 0 ? table.bb.GetInt(table.bb_pos + o) : defaultValue;
    }

    /// <summary>A 32-bit unsigned field, or <paramref name="defaultValue"/> when absent.</summary>
    public uint GetUInt(int slot, uint defaultValue = 0)
    {
        int o = FieldOffset(slot);
        return o != 0 ? table.bb.GetUint(table.bb_pos + o) : defaultValue;
    }

    /// <summary>A 64-bit unsigned field, or <paramref name="defaultValue"/> when absent.</summary>
    public ulong GetULong(int slot, ulong defaultValue = 0)
    {
        int o = FieldOffset(slot);
        return o != 0 ? table.bb.GetUlong(table.bb_pos + o) : defaultValue;
    }

    /// <summary>A byte (or byte-sized enum) field, or <paramref name="defaultValue"/> when absent.</summary>
    public byte GetByte(int slot, byte defaultValue = 0)
    {
        int o = FieldOffset(slot);
        return o != 0 ? table.bb.Get(table.bb_pos + o) : defaultValue;
    }

    /// <summary>A bool field, or <paramref name="defaultValue"/> when absent.</summary>
    public bool GetBool(int slot, bool defaultValue = false)
    {
        int o = FieldOffset(slot);
        return o != 0 ? table.bb.Get(table.bb_pos + o) != 0 : defaultValue;
    }

    /// <summary>A string field, or null when absent.</summary>
    public string? GetString(int slot)
    {
        int o = FieldOffset(slot);
        return o != 0 ? table.__string(table.bb_pos + o) : null;
    }

    /// <summary>A sub-table field, or null when absent.</summary>
    public FlatTable? GetTable(int slot)
    {
        int o = FieldOffset(slot);
        return o != 0 ? new FlatTable(table.__indirect(table.bb_pos + o), table.bb) : null;
    }

    /// <summary>Number of elements of a vector field (0 when absent).</summary>
    public int GetVectorLength(int slot)
    {
        int o = FieldOffset(slot);
        return o != 0 ? table.__vector_len(o) : 0;
    }

    /// <summary>Element <paramref name="index"/> of a vector-of-tables field.</summary>
    public FlatTable GetTableElement(int slot, int index)
    {
        int start = VectorStart(slot, 4);
        return new FlatTable(table.__indirect(start + index * 4), table.bb);
    }

    /// <summary>A vector of 32-bit signed integers (empty when absent).</summary>
    public int[] GetIntVector(int slot)
    {
        int length = GetVectorLength(slot);
        if (length == 0)
        {
            return [];
        }

        int start = VectorStart(slot, 4);
        var values = new int[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = table.bb.GetInt(start + i * 4);
        }

        return values;
    }

    /// <summary>A vector of 16-bit unsigned integers widened to int (empty when absent).</summary>
    public int[] GetUShortVector(int slot)
    {
        int length = GetVectorLength(slot);
        if (length == 0)
        {
            return [];
        }

        int start = VectorStart(slot, 2);
        var values = new int[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = table.bb.GetUshort(start + i * 2);
        }

        return values;
    }

    /// <summary>A vector of bytes widened to int (empty when absent).</summary>
    public int[] GetByteVectorAsInts(int slot)
    {
        int length = GetVectorLength(slot);
        if (length == 0)
        {
            return [];
        }

        int start = VectorStart(slot, 1);
        var values = new int[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = table.bb.Get(start + i);
        }

        return values;
    }

    /// <summary>Absolute position and length of a byte-vector field inside the buffer; (0, 0) when absent.</summary>
    public (int Start, int Length) GetByteVectorRange(int slot)
    {
        int length = GetVectorLength(slot);
        return length == 0 ? (0, 0) : (VectorStart(slot, 1), length);
    }

    /// <summary>Start of a vector field's elements, after checking the whole vector lies inside the buffer.</summary>
    private int VectorStart(int slot, int elementSize)
    {
        int o = FieldOffset(slot);
        int start = table.__vector(o);
        long end = start + (long)table.__vector_len(o) * elementSize;
        if (start < 0 || end > table.bb.Length)
        {
            throw new InvalidDataException($"a vector at byte {start} runs past the end of the file ({table.bb.Length} bytes)");
        }

        return start;
    }

    /// <summary>Offset of a field from the table start through the vtable (0 = absent); slot n lives at vtable byte 4 + 2n.</summary>
    private int FieldOffset(int slot) => table.__offset(4 + 2 * slot);
}
