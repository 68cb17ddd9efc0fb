using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Nabla.IO;
using Nabla.Training;
using Xunit;
using static Nabla.Tests.Training.TrainingFixtures;

namespace Nabla.Tests.IO;

public sealed class TensorBoardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-tb").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Crc32CMatchesTheStandardVectors()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        uint crc = 0x12345678;
        Assert.Equal(unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u), Crc32C.Mask(crc));
    }

    /// <summary>Reads TFRecord framing, checking both masked CRCs, and returns the payloads.</summary>
    internal static List<byte[]> ReadRecords(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(pos));
            Assert.Equal(Crc32C.Masked(bytes.AsSpan(pos, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 8)));
            var data = bytes.AsSpan(pos + 12, (int)length);
            Assert.Equal(Crc32C.Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 12 + (int)length)));
            records.Add(data.ToArray());
            pos += 16 + (int)length;
        }
        return records;
    }

    /// <summary>Protobuf fields as (number, wire type, raw value: varint as ulong, fixed as bytes, length-delimited as bytes).</summary>
    internal static List<(int Field, int Wire, ulong Varint, byte[] Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, int, ulong, byte[])>();
        int pos = 0;
        ulong ReadVarint()
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = message[pos++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
        }
        while (pos < message.Length)
        {
            ulong tag = ReadVarint();
            int field = (int)(tag >> 3), wire = (int)(tag & 7);
            switch (wire)
            {
                case 0: fields.Add((field, wire, ReadVarint(), [])); break;
                case 1: fields.Add((field, wire, 0, message[pos..(pos + 8)])); pos += 8; break;
                case 5: fields.Add((field, wire, 0, message[pos..(pos + 4)])); pos += 4; break;
                case 2:
                    int len = (int)ReadVarint();
                    fields.Add((field, wire, 0, message[pos..(pos + len)]));
                    pos += len;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
        return fields;
    }

    [Fact]
    public void ScalarEventHasTheExactBytesOfTensorFlowsEncoding()
    {
        string path;
        using (var w = new SummaryWriter(_dir))
        {
            path = w.FilePath;
            w.AddScalar("loss", 0.5, 3);
        }
        Assert.Matches(@"events\.out\.tfevents\.\d+\.", Path.GetFileName(path));
        var records = ReadRecords(path);
        Assert.Equal(2, records.Count);
        var first = Fields(records[0]);
        Assert.Equal((1, 1), (first[0].Field, first[0].Wire));
        Assert.Equal("brain.Event:2", Encoding.UTF8.GetString(first.Single(f => f.Field == 3).Bytes));
        // Event{step: 3, summary{value{tag: "loss", simple_value: 0.5}}} after the 9-byte wall_time field, by hand:
        // 10 03 (step) 2a 0d (summary, 13 bytes) 0a 0b (value, 11 bytes) 0a 04 "loss" 15 00 00 00 3f (float 0.5).
        byte[] expected = [0x10, 0x03, 0x2a, 0x0d, 0x0a, 0x0b, 0x0a, 0x04, (byte)'l', (byte)'o', (byte)'s', (byte)'s', 0x15, 0x00, 0x00, 0x00, 0x3f];
        Assert.Equal(0x09, records[1][0]);
        double wall = BinaryPrimitives.ReadDoubleLittleEndian(records[1].AsSpan(1));
        Assert.InRange(wall, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        Assert.Equal(expected, records[1][9..]);
        // And the framing of that record by hand: length, masked CRC of the length, data, masked CRC of the data.
        var raw = File.ReadAllBytes(path);
        int second = 16 + records[0].Length;
        Assert.Equal((ulong)records[1].Length, BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(second)));
    }

    [Fact]
    public void HistogramCarriesStatisticsAndBuckets()
    {
        string path;
        using (var w = new SummaryWriter(_dir))
        {
            path = w.FilePath;
            w.AddHistogram("w", Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, float.NaN }), 1, bins: 4);
        }
        var value = Fields(Fields(Fields(ReadRecords(path)[1]).Single(f => f.Field == 5).Bytes).Single().Bytes);
        Assert.Equal("w", Encoding.UTF8.GetString(value.Single(f => f.Field == 1).Bytes));
        var histo = Fields(value.Single(f => f.Field == 5).Bytes);
        double D(int field) => BinaryPrimitives.ReadDoubleLittleEndian(histo.Single(f => f.Field == field).Bytes);
        double[] Packed(int field)
        {
            var b = histo.Single(f => f.Field == field).Bytes;
            return Enumerable.Range(0, b.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(i * 8))).ToArray();
        }
        Assert.Equal((0.0, 4.0, 5.0, 10.0, 30.0), (D(1), D(2), D(3), D(4), D(5)));
        Assert.Equal([1, 2, 3, 4], Packed(6));
        Assert.Equal([1, 1, 1, 2], Packed(7));
    }

    [Fact]
    public void CallbackWritesTrainAndValidationRunsThatProtobufParses()
    {
        var model = Mlp(1);
        var trainer = new Trainer(model) { Output = TextWriter.Null };
        trainer.Compile(new PlainSgd(model.Parameters(), 0.1), CrossEntropy, new Accuracy());
        var tb = new TensorBoard(_dir, histogramFreq: 1, logBatches: true);
        trainer.Fit(Blobs(24, 1), epochs: 2, batchSize: 8, validation: Blobs(12, 2), callbacks: [tb], verbose: 0);
        var tags = ReadRecords(tb.TrainFile!).Skip(1)
            .Select(r => Encoding.UTF8.GetString(Fields(Fields(Fields(r).Single(f => f.Field == 5).Bytes).Single().Bytes).Single(f => f.Field == 1).Bytes))
            .ToList();
        Assert.Equal(6, tags.Count(t => t == "batch_loss"));
        Assert.Equal(2, tags.Count(t => t == "epoch_loss"));
        Assert.Equal(2, tags.Count(t => t == "epoch_learning_rate"));
        Assert.Equal(2, tags.Count(t => t == "0.weight"));
        var valTags = ReadRecords(tb.ValidationFile!).Skip(1).Count();
        Assert.Equal(4, valTags);
        AssertPythonProtobufParses(tb.TrainFile!, expectedScalars: 12, expectedHistograms: 8);
    }

    /// <summary>
    /// Independent check with Google's protobuf runtime (Debian's python3-protobuf, when installed) against descriptors
    /// declared with TensorFlow's field numbers from event.proto and summary.proto.
    /// </summary>
    private static void AssertPythonProtobufParses(string path, int expectedScalars, int expectedHistograms)
    {
        const string Script = """
import struct, sys
try:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
except ImportError:
    print('skip'); sys.exit(0)
f = descriptor_pb2.FileDescriptorProto(name='ev.proto', package='tensorflow', syntax='proto3')
def msg(name, fields):
    m = f.message_type.add(name=name)
    for n, num, t, lab, tn in fields:
        fd = m.field.add(name=n, number=num, type=t, label=lab)
        if tn: fd.type_name = tn
T = descriptor_pb2.FieldDescriptorProto
O, R = T.LABEL_OPTIONAL, T.LABEL_REPEATED
msg('HistogramProto', [('min',1,T.TYPE_DOUBLE,O,''),('max',2,T.TYPE_DOUBLE,O,''),('num',3,T.TYPE_DOUBLE,O,''),('sum',4,T.TYPE_DOUBLE,O,''),('sum_squares',5,T.TYPE_DOUBLE,O,''),('bucket_limit',6,T.TYPE_DOUBLE,R,''),('bucket',7,T.TYPE_DOUBLE,R,'')])
msg('Value', [('tag',1,T.TYPE_STRING,O,''),('simple_value',2,T.TYPE_FLOAT,O,''),('histo',5,T.TYPE_MESSAGE,O,'.tensorflow.HistogramProto')])
msg('Summary', [('value',1,T.TYPE_MESSAGE,R,'.tensorflow.Value')])
msg('Event', [('wall_time',1,T.TYPE_DOUBLE,O,''),('step',2,T.TYPE_INT64,O,''),('file_version',3,T.TYPE_STRING,O,''),('summary',5,T.TYPE_MESSAGE,O,'.tensorflow.Summary')])
pool = descriptor_pool.DescriptorPool(); pool.Add(f)
Event = message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName('tensorflow.Event'))
raw = open(sys.argv[1], 'rb').read(); pos = 0; events = []
while pos < len(raw):
    n = struct.unpack('<Q', raw[pos:pos+8])[0]
    e = Event(); e.ParseFromString(raw[pos+12:pos+12+n]); events.append(e); pos += 16 + n
assert events[0].file_version == 'brain.Event:2'
scalars = sum(1 for e in events for v in e.summary.value if not v.HasField('histo'))
histos = [v.histo for e in events for v in e.summary.value if v.HasField('histo')]
assert all(len(h.bucket) == len(h.bucket_limit) and sum(h.bucket) == h.num for h in histos)
print(scalars, len(histos))
""";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd().Trim();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "python: " + stderr);
        if (stdout == "skip") return;
        Assert.Equal($"{expectedScalars} {expectedHistograms}", stdout);
    }
}
