"""Loads Nabla-trained weights into the equivalent PyTorch module with load_state_dict(strict=True) and prints
the test accuracy and logits it gives on the same data: argv = weights.safetensors data.safetensors in_features."""
import json
import sys

import torch.nn as nn

import safetensors_torch

weights, _ = safetensors_torch.read(sys.argv[1])
data, _ = safetensors_torch.read(sys.argv[2])
features = int(sys.argv[3])
model = nn.Sequential(nn.Flatten(), nn.Linear(features, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
model.load_state_dict(weights, strict=True)
model.eval()
logits = model(data["inputs"]).detach()
accuracy = (logits.argmax(1) == data["targets"]).double().mean().item()
print(json.dumps({"accuracy": accuracy, "logits": logits.flatten().tolist()}))
