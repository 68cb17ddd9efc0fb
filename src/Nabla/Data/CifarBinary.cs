namespace Nabla.Data;

/// <summary>
/// Reader for the CIFAR-10 binary batches (<c>data_batch_1.bin</c> … <c>data_batch_5.bin</c>, <c>test_batch.bin</c>):
/// fixed 3,073-byte records of one label byte then 3,072 pixel bytes, red plane, green plane, blue plane, each 32×32
/// row-major, i.e. already in (C, H, W) order.
/// </summary>
public static class CifarBinary
{
    /// <summary>Bytes per record: 1 label + 3 × 32 × 32 pixels.</summary>
    public const int RecordSize = 1 + ImageSize;

    /// <summary>Pixel bytes per image, (3, 32, 32).</summary>
    public const int ImageSize = 3 * 32 * 32;

    /// <summary>Records in each published batch file; a batch file is never larger than this many records.</summary>
    public const int RecordsPerBatch = 10_000;

    /// <summary>
    /// Reads one batch file: pixels (N·3072 bytes in (N, 3, 32, 32) order) and labels (N values, 0–9).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file size is not a multiple of 3,073 bytes or exceeds <see cref="RecordsPerBatch"/> records, or a label exceeds 9.
    /// </exception>
    public static (byte[] Pixels, byte[] Labels) Read(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > (long)RecordsPerBatch * RecordSize)
            throw new InvalidDataException($"{path}: size mismatch: {length} bytes is more than a CIFAR-10 batch of {RecordsPerBatch} records ({RecordsPerBatch * RecordSize} bytes).");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
            throw new InvalidDataException($"{path}: size mismatch: {bytes.Length} bytes is not a positive multiple of the CIFAR-10 record size {RecordSize}.");
        int n = bytes.Length / RecordSize;
        var pixels = new byte[(long)n * ImageSize];
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = bytes[(long)i * RecordSize];
            if (labels[i] > 9) throw new InvalidDataException($"{path}: record {i} has label {labels[i]}, outside CIFAR-10's 0–9.");
            Buffer.BlockCopy(bytes, i * RecordSize + 1, pixels, i * ImageSize, ImageSize);
        }
        return (pixels, labels);
    }
}
