using System.Buffers.Binary;

namespace Nabla.IO;

/// <summary>Minimal protocol-buffers encoder (varints, fixed32/fixed64, length-delimited fields) for TensorBoard events.</summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }
        Reserve(1)[0] = (byte)value;
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    public void Int64Field(int field, long value)
    {
        Tag(field, 0);
        Varint(unchecked((ulong)value));
    }

    public void DoubleField(int field, double value)
    {
        Tag(field, 1);
        BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
    }

    public void FloatField(int field, float value)
    {
        Tag(field, 5);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    }

    public void BytesField(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    public void StringField(int field, string value) => BytesField(field, System.Text.Encoding.UTF8.GetBytes(value));

    public void PackedDoubles(int field, ReadOnlySpan<double> values)
    {
        Tag(field, 2);
        Varint((ulong)values.Length * 8);
        var span = Reserve(values.Length * 8);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], values[i]);
    }

    /// <summary>Writes field <paramref name="field"/> as an embedded message built by <paramref name="body"/>.</summary>
    public void MessageField(int field, Action<ProtoWriter> body)
    {
        var inner = new ProtoWriter();
        body(inner);
        BytesField(field, inner.Written);
    }
}
