"""A minimal reader of the safetensors format for PyTorch (Debian ships no safetensors package), used by the
interop tests: `read(path)` returns an ordered dict of torch tensors and the metadata."""
import json
import struct

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "BOOL": torch.bool}


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for key, spec in header.items():
        begin, end = spec["data_offsets"]
        dtype = DTYPES[spec["dtype"]]
        data = bytearray(raw[8 + n + begin:8 + n + end])
        flat = torch.frombuffer(data, dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[key] = flat.reshape(spec["shape"])
    return tensors, metadata
