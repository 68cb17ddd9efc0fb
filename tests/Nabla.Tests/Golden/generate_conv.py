#!/usr/bin/python3
"""Writes conv.json: PyTorch's outputs and gradients for convolution and pooling (functional forms, with weight
and bias as inputs so their gradients are compared too).

Run with Debian's PyTorch (python3-torch, 1.13):  /usr/bin/python3 tests/Nabla.Tests/Golden/generate_conv.py
Convolutions sum many float32 products, so their cases use rtol 1e-5 and atol 1e-5.
"""
import torch.nn.functional as F
from golden_common import case, randn, write

C = dict(rtol=1e-5, atol=1e-5)
case("conv2d_basic", lambda x, w, b: F.conv2d(x, w, b), randn(2, 3, 8, 8), randn(4, 3, 3, 3), randn(4), **C)
case("conv2d_stride_pad", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1), randn(2, 3, 9, 7), randn(5, 3, 3, 3), randn(5), **C)
case("conv2d_dilation_groups", lambda x, w, b: F.conv2d(x, w, b, padding=2, dilation=2, groups=2), randn(2, 4, 7, 7), randn(6, 2, 3, 3), randn(6), **C)
case("conv2d_same_even", lambda x, w: F.conv2d(x, w, padding="same"), randn(2, 2, 6, 5), randn(3, 2, 4, 2), **C)
case("conv2d_rect", lambda x, w: F.conv2d(x, w, stride=(2, 1), padding=(1, 0), dilation=(1, 2)), randn(1, 2, 8, 9), randn(3, 2, 3, 2), **C)
case("conv2d_pointwise", lambda x, w, b: F.conv2d(x, w, b), randn(3, 8, 5, 5), randn(4, 8, 1, 1), randn(4), **C)
case("conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, dilation=2), randn(2, 3, 20), randn(4, 3, 3), randn(4), **C)
case("conv1d_same", lambda x, w: F.conv1d(x, w, padding="same"), randn(2, 2, 11), randn(3, 2, 4), **C)
case("conv_transpose2d", lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1), randn(2, 4, 5, 5), randn(4, 3, 3, 3), randn(3), **C)
case("conv_transpose2d_groups", lambda x, w: F.conv_transpose2d(x, w, groups=2, dilation=2), randn(2, 4, 4, 4), randn(4, 2, 3, 3), **C)
case("max_pool2d", lambda x: F.max_pool2d(x, 2), randn(2, 3, 8, 8))
case("max_pool2d_pad_ceil", lambda x: F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), randn(2, 2, 8, 7))
case("max_pool2d_dilation", lambda x: F.max_pool2d(x, (2, 3), stride=1, dilation=(2, 1)), randn(1, 2, 6, 6))
case("max_pool1d", lambda x: F.max_pool1d(x, 3, stride=2, padding=1), randn(2, 3, 11))
case("avg_pool2d", lambda x: F.avg_pool2d(x, 2), randn(2, 3, 8, 8))
case("avg_pool2d_pad_exclude_ceil", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), randn(2, 2, 8, 7))
case("avg_pool2d_pad_include", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), randn(2, 2, 8, 7))
case("avg_pool1d", lambda x: F.avg_pool1d(x, 4, stride=3, padding=2), randn(2, 3, 13))
case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), randn(2, 3, 7, 10))
case("adaptive_avg_pool2d_global", lambda x: F.adaptive_avg_pool2d(x, 1), randn(2, 3, 5, 5))

write("conv.json", "generate_conv.py")
