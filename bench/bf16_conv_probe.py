#!/usr/bin/python3
"""Does bf16 convolution pay on this CPU in PyTorch? The Java side's question, asked of Python.

Times forward and forward+backward of the reference model's convolution shapes (batch 32,
28x28) in fp32 and bf16 (median of 7 after 3), then one whole training step of the reference
model in fp32 and under torch.autocast("cpu", bfloat16) (fp32 weights, bf16 convolutions).

  /usr/bin/python3 bench/bf16_conv_probe.py [--threads T]
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn.functional as F

import pytorch_reference as ref

LAYERS = [  # name, out, in, kh, kw, padded height, padded width
    ("vertical 2x3 64->128", 128, 64, 2, 3, 29, 30),
    ("horizontal 1x2 64->128", 128, 64, 1, 2, 28, 29),
    ("link 1x1 128->128", 128, 128, 1, 1, 28, 28),
    ("head 1x1 64->512", 512, 64, 1, 1, 28, 28),
    ("logits 1x1 512->256", 256, 512, 1, 1, 28, 28),
]


def median(fn, warmup=3, runs=7):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"mkldnn: {torch.backends.mkldnn.is_available()}")
    for name, out, inp, kh, kw, h, w in LAYERS:
        flops = 2.0 * out * inp * kh * kw * 32 * (h - kh + 1) * (w - kw + 1)
        for dtype in (torch.float32, torch.bfloat16):
            x = torch.rand(32, inp, h, w).mul(2).sub(1).to(dtype).requires_grad_()
            wt = (torch.rand(out, inp, kh, kw) * 0.2 - 0.1).to(dtype).requires_grad_()
            b = torch.zeros(out, dtype=dtype)
            with torch.no_grad():
                fwd = median(lambda: F.conv2d(x, wt, b).sum().item())

            def both():
                x.grad = wt.grad = None
                F.conv2d(x, wt, b).sum().backward()
            bwd = median(both)
            print(f"{name:24s} {str(dtype):15s} forward {fwd*1e3:7.2f} ms {flops/fwd/1e9:6.1f} GFLOP/s"
                  f"  fwd+bwd {bwd*1e3:7.2f} ms {3*flops/bwd/1e9:6.1f} GFLOP/s")
    for dtype in (torch.float32, torch.bfloat16):
        a = torch.rand(2048, 2048).to(dtype)
        t = median(lambda: a @ a)
        print(f"matmul 2048 {str(dtype):15s} {t*1e3:7.1f} ms {2*2048**3/t/1e9:6.1f} GFLOP/s")

    cfg = ref.CONFIGS["reference"]
    torch.manual_seed(0)
    model = ref.GatedPixelCNN(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    images, conds = ref.random_inputs(cfg, 32, 0)
    for autocast in (False, True):
        def step():
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                logits = model(images[0], conds[0])
            loss = ref.nats(logits.float(), images[0]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        t = median(step, warmup=2, runs=3)
        print(f"reference train step batch 32, {'autocast bf16' if autocast else 'fp32'}: {t:.2f} s")


if __name__ == "__main__":
    main()
