#!/usr/bin/python3
"""Writes the small data-format fixtures the Nabla.Data tests read. Run from this directory:
    /usr/bin/python3 make_fixtures.py
Needs numpy and scipy (Debian: python3-scipy). Values follow closed formulas that the tests recompute:
  MNIST-style image i, pixel (r, c):   (i * 37 + r * 5 + c * 3) % 256,  label (i * 3 + 1) % 10
  CIFAR record i of batch b, channel ch, pixel (r, c): (b * 11 + i * 29 + ch * 60 + r * 3 + c * 7) % 256,
                                       label (b + i * 4) % 10
  SVHN image n, channel ch, pixel (row, col): (n * 50 + ch * 20 + row * 3 + col * 7) % 256, labels below
"""
import gzip, io, os, struct, tarfile
import numpy as np
import scipy.io

def idx_bytes(arr, code):
    dt = {0x08: '>u1', 0x09: '>i1', 0x0B: '>i2', 0x0C: '>i4', 0x0D: '>f4', 0x0E: '>f8'}[code]
    head = bytes([0, 0, code, arr.ndim]) + b''.join(struct.pack('>i', d) for d in arr.shape)
    return head + np.ascontiguousarray(arr.astype(dt)).tobytes()

def write(path, data, gz=False):
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    if gz:
        # mtime=0 keeps the fixture bytes reproducible.
        with open(path, 'wb') as f, gzip.GzipFile(fileobj=f, mode='wb', mtime=0) as g:
            g.write(data)
    else:
        with open(path, 'wb') as f:
            f.write(data)

def mnist(n, offset):
    i, r, c = np.meshgrid(np.arange(offset, offset + n), np.arange(28), np.arange(28), indexing='ij')
    return ((i * 37 + r * 5 + c * 3) % 256).astype(np.uint8), ((np.arange(offset, offset + n) * 3 + 1) % 10).astype(np.uint8)

# MNIST-style pair: training files gzip-compressed (3 images), test files raw (2 images, numbered from 3).
img, lab = mnist(3, 0)
write('mnist/train-images-idx3-ubyte.gz', idx_bytes(img, 0x08), gz=True)
write('mnist/train-labels-idx1-ubyte.gz', idx_bytes(lab, 0x08), gz=True)
img, lab = mnist(2, 3)
write('mnist/t10k-images-idx3-ubyte', idx_bytes(img, 0x08))
write('mnist/t10k-labels-idx1-ubyte', idx_bytes(lab, 0x08))

# One IDX file per element type, shaped (2, 3), k = 0..5 row-major: int8 2k-3, int16 1000k-3000,
# int32 100000k-300000 (gzip), float32 1.5k-3, float64 0.25k-3 (gzip).
k = np.arange(6).reshape(2, 3)
write('idx/int8.idx', idx_bytes((k * 2 - 3).astype(np.int8), 0x09))
write('idx/int16.idx', idx_bytes((k * 1000 - 3000).astype(np.int16), 0x0B))
write('idx/int32.idx', idx_bytes((k * 100000 - 300000).astype(np.int32), 0x0C), gz=True)
write('idx/float32.idx', idx_bytes((k * 1.5 - 3).astype(np.float32), 0x0D))
write('idx/float64.idx', idx_bytes((k * 0.25 - 3).astype(np.float64), 0x0E), gz=True)

def cifar(b, n):
    out = bytearray()
    for i in range(n):
        ch, r, c = np.meshgrid(np.arange(3), np.arange(32), np.arange(32), indexing='ij')
        out.append((b + i * 4) % 10)
        out += ((b * 11 + i * 29 + ch * 60 + r * 3 + c * 7) % 256).astype(np.uint8).tobytes()
    return bytes(out)

# CIFAR-10: the archive layout (one record per training batch, two in the test batch, b = 1..5 and 0 for test).
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode='w', format=tarfile.GNU_FORMAT) as tar:
    files = [(f'data_batch_{b}.bin', cifar(b, 1)) for b in range(1, 6)] + [('test_batch.bin', cifar(0, 2)),
             ('batches.meta.txt', b'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n')]
    for name, data in files:
        info = tarfile.TarInfo('cifar-10-batches-bin/' + name)
        info.size, info.mtime = len(data), 0
        tar.addfile(info, io.BytesIO(data))
write('cifar/cifar-10-binary.tar.gz', buf.getvalue(), gz=True)

def svhn(n):
    row, col, ch, m = np.meshgrid(np.arange(32), np.arange(32), np.arange(3), np.arange(n), indexing='ij')
    return ((m * 50 + ch * 20 + row * 3 + col * 7) % 256).astype(np.uint8)

os.makedirs('svhn', exist_ok=True)
os.makedirs('mat', exist_ok=True)

# SVHN: test split compressed with double labels (10 means digit 0), train split uncompressed with uint8 labels.
scipy.io.savemat('svhn/test_32x32.mat', {'X': svhn(3), 'y': np.array([[10.0], [1.0], [9.0]])}, do_compression=True)
scipy.io.savemat('svhn/train_32x32.mat', {'X': svhn(2), 'y': np.array([[3], [10]], dtype=np.uint8)}, do_compression=False)

# MAT-file types: a 2×3 double (column-major), an int16 vector, a single scalar; and a file with a char variable.
scipy.io.savemat('mat/types.mat', {'a': np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                                   'counts': np.array([-7, 300, 12], dtype=np.int16),
                                   'scale': np.float32(0.5)}, do_compression=False)
scipy.io.savemat('mat/unsupported.mat', {'label': 'hello'}, do_compression=True)
