#!/usr/bin/python3
"""Trains the benchmark's PyTorch Gated PixelCNN (bench/pytorch_reference.py) on Fashion-MNIST the
way `pixelcnn train` does, to anchor the Java figures at equal steps: class-conditional, Adam with
PyTorch's defaults, the learning rate times decay^step, batches drawn from a per-epoch shuffle, then
test bits/dim. --init he draws the parameters as DJL does (the Java runs before `--init fan-in`).

  /usr/bin/python3 bench/pytorch_train.py --steps 1500 [--layers 8 --channels 48 --head 256]
      [--lr 0.002 --lr-decay 0.9995 --batch 32 --seed 42] [--autocast bf16] [--init torch|he]
      [--input-encoding embed|float] [--threads 1] [--eval-limit 0] [--data DIR]

Prints one JSON object: the test bits/dim (all test images unless --eval-limit), the mean training
bits/dim of the last 100 steps, steps and seconds.
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_reference import GatedPixelCNN, nats  # noqa: E402


def idx(path):
    """An IDX file (MNIST's format) as a uint8 array of its dimensions."""
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def he_like_djl(model):
    """DJL's default: weights N(0, 2 / fan_in) (He), biases zero; the embedding keeps N(0, 1)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.startswith("embedding"):
                continue
            if p.dim() >= 2:
                p.normal_(0.0, math.sqrt(2.0 / (p.numel() // p.shape[0])))
            else:
                p.zero_()


def bits_per_dim(model, images, labels, classes, autocast, batch=100):
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = torch.from_numpy(images[i:i + batch]).unsqueeze(1)  # (N, 1, 28, 28)
            c = F.one_hot(torch.from_numpy(labels[i:i + batch]).long(), classes).float()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                logits = model(x, c)
            total += nats(logits.float(), x).sum().item()
            count += x.numel()
    model.train()
    return total / count / math.log(2)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--layers", type=int, default=8)
    p.add_argument("--channels", type=int, default=48)
    p.add_argument("--head", type=int, default=256)
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--lr-decay", type=float, default=0.9995)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--autocast", choices=["none", "bf16"], default="none")
    p.add_argument("--init", choices=["torch", "he"], default="torch")
    p.add_argument("--input-encoding", choices=["embed", "float"], default="embed")
    p.add_argument("--eval-limit", type=int, default=0, help="test images evaluated, 0 = all")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x = idx(f"{args.data}/train-images-idx3-ubyte.gz")
    train_y = idx(f"{args.data}/train-labels-idx1-ubyte.gz")
    test_x = idx(f"{args.data}/t10k-images-idx3-ubyte.gz")
    test_y = idx(f"{args.data}/t10k-labels-idx1-ubyte.gz")
    if args.eval_limit:
        test_x, test_y = test_x[:args.eval_limit], test_y[:args.eval_limit]
    cfg = dict(layers=args.layers, channels=args.channels, first_kernel=7, kernel=3, head=args.head, levels=256,
               colours=1, height=28, width=28, classes=10, input=args.input_encoding)
    model = GatedPixelCNN(cfg)
    if args.init == "he":
        he_like_djl(model)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda n: args.lr_decay ** n)
    rng = np.random.RandomState(args.seed)
    per_epoch = len(train_x) // args.batch
    order = None
    recent = []
    start = time.perf_counter()
    for step in range(args.steps):
        if step % per_epoch == 0:
            order = rng.permutation(len(train_x))
        rows = order[(step % per_epoch) * args.batch:(step % per_epoch + 1) * args.batch]
        x = torch.from_numpy(train_x[rows]).unsqueeze(1)  # (B, 1, 28, 28)
        c = F.one_hot(torch.from_numpy(train_y[rows]).long(), 10).float()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.autocast == "bf16"):
            logits = model(x, c)
        loss = nats(logits.float(), x).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        schedule.step()
        recent = (recent + [loss.item() / math.log(2)])[-100:]
        if (step + 1) % 100 == 0:
            print(f"step {step + 1}: train bits/dim {sum(recent) / len(recent):.4f}, "
                  f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    train_s = time.perf_counter() - start
    test = bits_per_dim(model, test_x, test_y, 10, args.autocast == "bf16")
    print(json.dumps({"test_bits_per_dim": test, "test_images": len(test_x), "steps": args.steps,
                      "train_bits_per_dim_last_100": sum(recent) / len(recent), "train_seconds": train_s,
                      "torch": torch.__version__, "threads": torch.get_num_threads(), "args": vars(args)},
                     indent=2))


if __name__ == "__main__":
    main()
